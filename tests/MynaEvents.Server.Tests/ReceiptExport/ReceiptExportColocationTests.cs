using MynaEvents.Server.Tests.Facilities;
using MynaEvents.Server.Tests.Verification;
using static MynaEvents.Server.Tests.FacilityViews.FacilityViewsApi;
using static MynaEvents.Server.Tests.ReceiptExport.ReceiptExportApi;

namespace MynaEvents.Server.Tests.ReceiptExport;

/// <summary>A co-located partner exports the results shared with it, marked with the facility they were recorded at.</summary>
public sealed class ReceiptExportColocationTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    [Fact]
    public async Task the_partner_of_a_colocation_exports_the_shared_result_and_the_export_is_recorded_in_its_own_stream()
    {
        var api = await FacilitiesApi.NewGroupAsync(fixture.Server);
        var branch = await api.BranchAsync();
        var (judo, device) = await api.EquippedAsync(branch, "judo");
        var ahaki = await api.FacilityAsync(branch, "ahaki");
        await api.AcceptedAsync("/colocations",
            new { commandId = Guid.NewGuid(), facilityIds = new[] { judo, ahaki }, primaryFacilityId = judo, sharedDeviceIds = new[] { device } });
        var judoStaff = await fixture.PersonAsync(api.Tenant, "reception_staff", judo);
        var ahakiStaff = await fixture.PersonAsync(api.Tenant, "reception_staff", ahaki);
        var id = await FallbackCheckAsync(judoStaff, api.Tenant, judo, "併設 六郎", "ヘイセツ ロクロウ");
        await AwaitCheckAsync(ahakiStaff, api.Tenant, ahaki, id);

        var rows = await (await ahakiStaff.GetAsync(Export(api.Tenant, ahaki, $"?month={ThisMonth}"))).JsonAsync();

        var row = Assert.Single(rows.EnumerateArray());
        Assert.Equal((id, judo, true), (row.GetProperty("checkId").GetString(), row.GetProperty("recordedAtFacilityId").GetString(), row.GetProperty("shared").GetBoolean()));
        Assert.Equal(1, await RecordsNamingAsync(fixture.Server.Database, api.Tenant, ahaki, "ReceiptExported", id));
        Assert.Equal(0, await RecordsAsync(fixture.Server.Database, api.Tenant, judo, "ReceiptExported"));
    }
}
