using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Domain.Verification;
using MynaEvents.Server.Privacy;
using MynaEvents.Server.Tests.Facilities;
using static MynaEvents.Server.Tests.FacilityViews.FacilityViewsApi;
using static MynaEvents.Server.Tests.HttpJson;

using MynaEvents.Server.Tests.Security;

namespace MynaEvents.Server.Tests.FacilityViews;

/// <summary>At 翌月末 a result leaves every view at once, whether or not the sweep has run.</summary>
public sealed class RetentionTests(ManualClockServer server) : IClassFixture<ManualClockServer>
{
    [Fact]
    public async Task past_the_end_of_the_following_month_a_result_is_gone_from_search_and_detail_before_any_sweep()
    {
        var admin = server.Admin();
        var tenant = "g-" + Guid.NewGuid().ToString("N")[..6] + "x" + Guid.NewGuid().ToString("N")[..6];
        const string Facility = "fac-judo-r";
        var staff = server.Client((await admin.CreatePersonAsync(tenant, "reception_staff", Facility)).Token);
        var id = await FallbackCheckAsync(staff, tenant, Facility, "期限 三郎", "キゲン サブロウ");
        var check = await AwaitCheckAsync(admin, tenant, Facility, id);
        var deadline = RetentionDeadline.For(FacilitiesApi.Today);
        // PostgreSQL keeps microseconds: the last retained tick is stored to the microsecond.
        Assert.Equal(deadline.UtcTicks / 10, check.GetProperty("retainedUntil").GetDateTimeOffset().UtcTicks / 10);

        server.Time.Advance(deadline - server.Time.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.Contains(id, await SearchAsync(admin, tenant, Facility, "?kanaPrefix=" + Uri.EscapeDataString("キゲン")));

        server.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await SearchAsync(admin, tenant, Facility));
        Assert.Empty(await SearchAsync(admin, tenant, Facility, "?kanaPrefix=" + Uri.EscapeDataString("キゲン")));
        AssertProblem(await admin.GetAsync(Checks(tenant, Facility, "/" + id)), 404);
    }
}

/// <summary>The sweep blanks the plaintext copies the views hold; it does not touch results still retained.</summary>
public sealed class RetentionSweepTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task the_sweep_blanks_the_personal_columns_of_results_whose_deadline_has_come()
    {
        var admin = server.AdminClient();
        var tenant = "g-" + Guid.NewGuid().ToString("N")[..6] + "x" + Guid.NewGuid().ToString("N")[..6];
        const string Facility = "fac-judo-s";
        var staff = server.CreateClient((await admin.CreatePersonAsync(tenant, "reception_staff", Facility)).Token);
        var id = await FallbackCheckAsync(staff, tenant, Facility, "掃除 四郎", "ソウジ シロウ");
        await AwaitCheckAsync(admin, tenant, Facility, id);
        var views = server.Services.GetServices<IRetentionParticipant>().Single(p => p.Name == "facility-views");
        var deadline = RetentionDeadline.For(FacilitiesApi.Today);
        var plaintext = $"select count(*) from myna.facility_checks where verification_id = '{id}' and name = '掃除 四郎' and name_kana is not null and birth_date is not null and not shredded";

        await views.DropExpiredAsync(deadline.AddSeconds(-1), CancellationToken.None);
        Assert.Equal(1, await server.Database.ScalarAsync<long>(plaintext));

        Assert.True(await views.DropExpiredAsync(deadline, CancellationToken.None) >= 1);
        Assert.Equal(0, await server.Database.ScalarAsync<long>(plaintext));
        Assert.Equal(1, await server.Database.ScalarAsync<long>($"""
            select count(*) from myna.facility_checks
             where verification_id = '{id}' and shredded and num_nulls(name, name_kana, name_kana_search, birth_date,
                   insured_card_symbol, insured_identification_number, insured_branch_number) = 7
            """));
    }
}
