using MynaEvents.Server.Features.AccessRecords;
using MynaEvents.Server.Tests.FacilityViews;
using static MynaEvents.Server.Tests.AccessRecords.AccessRecordsApi;
using static MynaEvents.Server.Tests.AuditorReplay.ReplayApi;

namespace MynaEvents.Server.Tests.AccessRecords;

/// <summary>Every read of a check's personal fields through the API leaves a PersonalDataRead naming the check.</summary>
public sealed class PersonalReadRecordTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    private const string Facility = "fac-judo-acc";

    [Fact]
    public async Task reading_a_check_by_verification_get_records_a_detail_read_naming_it_and_holding_no_personal_data()
    {
        var admin = server.AdminClient();
        var tenant = NewTenant();
        var staff = server.CreateClient(await TokenAsync(admin, tenant, "reception_staff", Facility));
        var id = await FacilityViewsApi.FallbackCheckAsync(staff, tenant, Facility, "閲覧 一郎", "エツラン イチロウ");
        Assert.Equal(0, await ReadsNamingAsync(server.Database, tenant, id));

        var personal = await GetCheckPersonalAsync(staff, tenant, id);

        Assert.Equal("閲覧 一郎", personal.GetProperty("name").GetString());
        Assert.Equal(1, await ReadsNamingAsync(server.Database, tenant, id, AccessPurposes.Detail));
        Assert.Equal(1, await ReadsNamingAsync(server.Database, tenant, id));
        var stored = await ReadsTextAsync(server.Database, tenant);
        Assert.Contains("reception_staff", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("閲覧", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("1950-01-02", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_auditors_history_and_checks_as_of_each_record_an_audit_read_naming_the_checks_returned()
    {
        var admin = server.AdminClient();
        var tenant = NewTenant();
        var staff = server.CreateClient(await TokenAsync(admin, tenant, "reception_staff", Facility));
        var auditor = server.CreateClient(await TokenAsync(admin, tenant, "auditor"));
        var first = await FacilityViewsApi.FallbackCheckAsync(staff, tenant, Facility, "監査 一子", "カンサ カズコ");
        var second = await FacilityViewsApi.FallbackCheckAsync(staff, tenant, Facility, "監査 二子", "カンサ フタコ");

        // Which checks belong to the facility is learnt asynchronously: wait until both are listed.
        await AwaitHistoryAsync(auditor, tenant, Facility, first, second);
        var before = await AuditReadsAsync(tenant, first, second);

        var history = ById(await OkAsync(auditor, Recent(tenant, Facility)));

        Assert.Equal("監査 一子", history[first].GetProperty("personal").GetProperty("name").GetString());
        Assert.Equal((before.First + 1, before.Second + 1, before.Both + 1), await AuditReadsAsync(tenant, first, second));

        var asOf = ById(await OkAsync(auditor, AsOf(tenant, Facility, DateTimeOffset.UtcNow)));

        Assert.Equal("監査 二子", asOf[second].GetProperty("personal").GetProperty("name").GetString());
        Assert.Equal((before.First + 2, before.Second + 2, before.Both + 2), await AuditReadsAsync(tenant, first, second));
        Assert.Contains("auditor", await ReadsTextAsync(server.Database, tenant), StringComparison.Ordinal);
    }

    /// <summary>Audit reads naming the first check, the second, and both in one record.</summary>
    private async Task<(long First, long Second, long Both)> AuditReadsAsync(string tenant, string first, string second) => (
        await ReadsNamingAsync(server.Database, tenant, first, AccessPurposes.Audit),
        await ReadsNamingAsync(server.Database, tenant, second, AccessPurposes.Audit),
        await server.Database.ScalarAsync<long>($"""
            select count(*) from myna_events.mt_events where type <> 'tombstone'
               and tenant_id = '{tenant}' and type = 'PersonalDataRead' and data->>'purpose' = 'audit'
               and data->'checkIds' ? '{first}' and data->'checkIds' ? '{second}'
            """));
}
