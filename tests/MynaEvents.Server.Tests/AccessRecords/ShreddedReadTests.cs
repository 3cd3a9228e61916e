using MynaEvents.Domain.Verification;
using MynaEvents.Server.Features.AccessRecords;
using MynaEvents.Server.Tests.Facilities;
using MynaEvents.Server.Tests.FacilityViews;
using static MynaEvents.Server.Tests.AccessRecords.AccessRecordsApi;
using static MynaEvents.Server.Tests.AuditorReplay.ReplayApi;

namespace MynaEvents.Server.Tests.AccessRecords;

/// <summary>After 翌月末 the personal fields are gone from every answer, so reading the check is no access to personal data.</summary>
public sealed class ShreddedReadTests(ManualClockServer server) : IClassFixture<ManualClockServer>
{
    [Fact]
    public async Task reading_a_check_whose_personal_fields_are_shredded_records_nothing()
    {
        const string Facility = "fac-judo-acc-s";
        var admin = server.Admin();
        var tenant = NewTenant();
        var staff = server.Client(await TokenAsync(admin, tenant, "reception_staff", Facility));
        var auditor = server.Client(await TokenAsync(admin, tenant, "auditor"));
        var id = await FacilityViewsApi.FallbackCheckAsync(staff, tenant, Facility, "削除 四郎", "サクジョ シロウ");
        await AwaitHistoryAsync(auditor, tenant, Facility, id);
        Assert.Equal(1, await ReadsNamingAsync(server.Server.Database, tenant, id, AccessPurposes.Audit));

        server.Time.Advance(RetentionDeadline.For(FacilitiesApi.Today) - server.Time.GetUtcNow());

        var personal = await GetCheckPersonalAsync(staff, tenant, id);
        var history = ById(await OkAsync(auditor, Recent(tenant, Facility)))[id];
        // An instant while the check was still retained; its personal fields are unsealed by today's clock.
        var asOf = ById(await OkAsync(auditor, AsOf(tenant, Facility, DateTimeOffset.UtcNow)))[id];

        Assert.True(personal.GetProperty("shredded").GetBoolean());
        Assert.True(history.GetProperty("personal").GetProperty("shredded").GetBoolean());
        Assert.True(asOf.GetProperty("personal").GetProperty("shredded").GetBoolean());
        Assert.Equal(0, await ReadsNamingAsync(server.Server.Database, tenant, id, AccessPurposes.Detail));
        Assert.Equal(1, await ReadsNamingAsync(server.Server.Database, tenant, id));
    }
}
