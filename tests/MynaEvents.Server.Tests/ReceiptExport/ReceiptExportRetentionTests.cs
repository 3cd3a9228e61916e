using System.Net;
using MynaEvents.Domain.Verification;
using MynaEvents.Server.Tests.Facilities;
using MynaEvents.Server.Tests.FacilityViews;
using static MynaEvents.Server.Tests.FacilityViews.FacilityViewsApi;
using static MynaEvents.Server.Tests.HttpJson;
using static MynaEvents.Server.Tests.ReceiptExport.ReceiptExportApi;

namespace MynaEvents.Server.Tests.ReceiptExport;

/// <summary>Past 翌月末 a result is no longer exported, whether or not the sweep has run.</summary>
public sealed class ReceiptExportRetentionTests(ManualClockServer server) : IClassFixture<ManualClockServer>
{
    [Fact]
    public async Task a_result_past_the_end_of_the_following_month_is_absent_from_the_export()
    {
        const string Facility = "fac-judo-rx";
        var tenant = NewTenant();
        var staff = server.Client(await TokenAsync(server.Admin(), tenant, "reception_staff", Facility));
        var id = await FallbackCheckAsync(staff, tenant, Facility, "期限 五郎", "キゲン ゴロウ");
        await AwaitCheckAsync(staff, tenant, Facility, id);
        var deadline = RetentionDeadline.For(FacilitiesApi.Today);

        server.Time.Advance(deadline - server.Time.GetUtcNow() - TimeSpan.FromSeconds(1));
        var retained = await staff.GetAsync(Export(tenant, Facility, $"?month={ThisMonth}"));
        Assert.Equal(id, Assert.Single((await retained.JsonAsync()).EnumerateArray()).GetProperty("checkId").GetString());

        server.Time.Advance(TimeSpan.FromSeconds(1));
        var expired = await staff.GetAsync(Export(tenant, Facility, $"?month={ThisMonth}&format=json"));
        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        Assert.Empty((await expired.JsonAsync()).EnumerateArray());
        var csv = await (await staff.GetAsync(Export(tenant, Facility, $"?month={ThisMonth}&format=csv"))).Content.ReadAsStringAsync();
        Assert.DoesNotContain(id, csv, StringComparison.Ordinal);
        Assert.DoesNotContain("期限", csv, StringComparison.Ordinal);
    }
}
