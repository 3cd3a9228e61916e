using System.Net.Http.Json;
using MynaEvents.Domain.Verification;
using MynaEvents.Server.Tests.Facilities;
using MynaEvents.Server.Tests.FacilityViews;
using static MynaEvents.Server.Tests.AuditorReplay.ReplayApi;

using MynaEvents.Server.Tests.Security;

namespace MynaEvents.Server.Tests.AuditorReplay;

/// <summary>The history keeps a check after 翌月末, but its personal fields are then marked shredded.</summary>
public sealed class ReplayRetentionTests(ManualClockServer server) : IClassFixture<ManualClockServer>
{
    [Fact]
    public async Task after_the_end_of_the_following_month_history_still_lists_the_check_with_its_personal_fields_shredded()
    {
        var admin = server.Admin();
        var tenant = "g-" + Guid.NewGuid().ToString("N")[..6] + "x" + Guid.NewGuid().ToString("N")[..6];
        const string Facility = "fac-judo-ar-r";
        var staff = server.Client((await admin.CreatePersonAsync(tenant, "reception_staff", Facility)).Token);
        var auditor = server.Client((await admin.CreatePersonAsync(tenant, "auditor")).Token);
        var id = await FacilityViewsApi.FallbackCheckAsync(staff, tenant, Facility, "保存 五郎", "ホゾン ゴロウ");

        var retained = (await AwaitHistoryAsync(auditor, tenant, Facility, id))[id];
        Assert.Equal(("confirmed_by_fallback", "myna_portal"), (retained.GetProperty("outcome").GetString(), retained.GetProperty("fallbackKind").GetString()));
        Assert.Equal("保存 五郎", retained.GetProperty("personal").GetProperty("name").GetString());
        Assert.False(retained.GetProperty("personal").GetProperty("shredded").GetBoolean());

        server.Time.Advance(RetentionDeadline.For(FacilitiesApi.Today) - server.Time.GetUtcNow());

        var after = ById(await OkAsync(auditor, Recent(tenant, Facility)))[id];
        Assert.Equal(["EligibilityConfirmedByFallback"], Types(after));
        Assert.Equal("33120015", after.GetProperty("eligibility").GetProperty("insurerNumber").GetString());
        Assert.True(after.GetProperty("personal").GetProperty("shredded").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, after.GetProperty("personal").GetProperty("name").ValueKind);
        Assert.DoesNotContain("保存", await (await auditor.GetAsync(Recent(tenant, Facility))).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
