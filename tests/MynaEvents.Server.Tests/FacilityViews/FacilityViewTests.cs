using System.Net;
using System.Net.Http.Json;
using MynaEvents.Server.Tests.EligibilityGateway;
using MynaEvents.Server.Tests.Facilities;
using MynaEvents.Server.Tests.Verification;
using static MynaEvents.Server.Tests.FacilityViews.FacilityViewsApi;
using static MynaEvents.Server.Tests.HttpJson;

namespace MynaEvents.Server.Tests.FacilityViews;

/// <summary>Facility views built by the async projection from real checks: own results, shared results, access.</summary>
public sealed class FacilityViewTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private static object Declaration(string judo, string ahaki, string device) =>
        new { commandId = Guid.NewGuid(), facilityIds = new[] { judo, ahaki }, primaryFacilityId = judo, sharedDeviceIds = new[] { device } };

    private async Task<(FacilitiesApi Api, string Judo, string Ahaki, string Device)> BranchWithPairAsync()
    {
        var api = await FacilitiesApi.NewGroupAsync(fixture.Server);
        var branch = await api.BranchAsync();
        var (judo, device) = await api.EquippedAsync(branch, "judo");
        var ahaki = await api.FacilityAsync(branch, "ahaki");
        return (api, judo, ahaki, device);
    }

    [Fact]
    public async Task a_card_check_appears_in_its_facilitys_view_with_its_personal_fields()
    {
        var (api, judo, _, _) = await BranchWithPairAsync();
        var (device, deviceId) = await fixture.DeviceAsync(api.Tenant, judo);
        var staff = await fixture.PersonAsync(api.Tenant, "reception_staff", judo);
        var card = fixture.Authority.IssueCard();
        var person = SimulatorFixture.SamplePerson("1") with { Name = "試験\u3000" + Guid.NewGuid().ToString("N")[..6] };
        await fixture.Simulator.AddPersonAsync(person, card.Certificate.SerialNumber);
        var id = Guid.NewGuid().ToString();
        var route = $"/api/tenants/{api.Tenant}/verifications/{id}";

        await device.PostAsJsonAsync(route + "/card-read", new
        {
            commandId = Guid.NewGuid(), treatedAtFacilityId = judo, occurredAt = DateTimeOffset.UtcNow,
            certificateDer = Convert.ToBase64String(card.CertificateDer), readerSupportsExtendedApdu = true, readerName = "Virtual PCD",
        });
        await device.PostAsJsonAsync(route + "/identity", new { commandId = Guid.NewGuid(), mode = "visual", staffId = "staff-7", occurredAt = DateTimeOffset.UtcNow });
        Assert.Equal(HttpStatusCode.Created, (await device.PostAsJsonAsync(route + "/lookup", new { commandId = Guid.NewGuid() })).StatusCode);

        await Testing.Eventually.TrueAsync(async () =>
            (await AwaitCheckAsync(staff, api.Tenant, judo, id)).GetProperty("status").GetString() == "confirmed", "the confirmation reaches the view");
        var check = await AwaitCheckAsync(staff, api.Tenant, judo, id);
        Assert.Equal(person.Name, Name(check));
        Assert.False(check.GetProperty("personal").GetProperty("shredded").GetBoolean());
        Assert.Equal(("visual", "staff-7", deviceId), (check.GetProperty("identityMethod").GetString(), check.GetProperty("staffId").GetString(), check.GetProperty("deviceId").GetString()));
        Assert.Equal((judo, false), (check.GetProperty("recordedAtFacilityId").GetString(), check.GetProperty("shared").GetBoolean()));
        Assert.Equal("01130012", check.GetProperty("eligibility").GetProperty("insurerNumber").GetString());
        Assert.Contains(id, await SearchAsync(staff, api.Tenant, judo));
    }

    [Fact]
    public async Task a_check_at_a_colocated_pair_appears_in_both_views_marked_with_the_facility_it_was_recorded_at()
    {
        var (api, judo, ahaki, device) = await BranchWithPairAsync();
        await api.AcceptedAsync("/colocations", Declaration(judo, ahaki, device));
        var judoStaff = await fixture.PersonAsync(api.Tenant, "reception_staff", judo);
        var ahakiStaff = await fixture.PersonAsync(api.Tenant, "reception_staff", ahaki);

        var id = await FallbackCheckAsync(judoStaff, api.Tenant, judo, "併設 一郎", "ヘイセツ イチロウ");

        var own = await AwaitCheckAsync(judoStaff, api.Tenant, judo, id);
        var shared = await AwaitCheckAsync(ahakiStaff, api.Tenant, ahaki, id);
        Assert.Equal((judo, false), (own.GetProperty("recordedAtFacilityId").GetString(), own.GetProperty("shared").GetBoolean()));
        Assert.Equal((judo, true), (shared.GetProperty("recordedAtFacilityId").GetString(), shared.GetProperty("shared").GetBoolean()));
        Assert.Equal("併設 一郎", Name(shared));
    }

    [Fact]
    public async Task after_withdrawal_a_new_check_is_not_shared_but_an_earlier_one_still_is()
    {
        var (api, judo, ahaki, device) = await BranchWithPairAsync();
        var colocation = FacilitiesApi.Id(await api.AcceptedAsync("/colocations", Declaration(judo, ahaki, device)));
        var judoStaff = await fixture.PersonAsync(api.Tenant, "reception_staff", judo);
        var ahakiStaff = await fixture.PersonAsync(api.Tenant, "reception_staff", ahaki);
        var before = await FallbackCheckAsync(judoStaff, api.Tenant, judo, "前 花子", "マエ ハナコ");

        var version = (await api.FacilityAsync(ahaki)).GetProperty("colocation").GetProperty("streamVersion").GetInt64();
        await api.AcceptedAsync($"/colocations/{colocation}/withdrawal", new { commandId = Guid.NewGuid(), expectedVersion = version });
        var after = await FallbackCheckAsync(judoStaff, api.Tenant, judo, "後 花子", "アト ハナコ");

        await AwaitCheckAsync(judoStaff, api.Tenant, judo, after); // the projection has passed both checks
        Assert.Equal("前 花子", Name(await AwaitCheckAsync(ahakiStaff, api.Tenant, ahaki, before)));
        var ahakiView = await SearchAsync(ahakiStaff, api.Tenant, ahaki);
        Assert.Contains(before, ahakiView);
        Assert.DoesNotContain(after, ahakiView);
        AssertProblem(await ahakiStaff.GetAsync(Checks(api.Tenant, ahaki, "/" + after)), 404);
    }

    [Fact]
    public async Task a_facilitys_view_is_searched_by_treatment_date_kana_prefix_and_outcome()
    {
        var (api, judo, _, _) = await BranchWithPairAsync();
        var staff = await fixture.PersonAsync(api.Tenant, "reception_staff", judo);
        var earlier = FacilitiesApi.Today.AddDays(-20);
        var yamada = await FallbackCheckAsync(staff, api.Tenant, judo, "山田 太郎", "ヤマダ タロウ");
        var suzuki = await FallbackCheckAsync(staff, api.Tenant, judo, "鈴木 花子", "スズキ ハナコ", earlier);
        var (device, _) = await fixture.DeviceAsync(api.Tenant, judo);
        var unknown = Guid.NewGuid().ToString(); // a card the national system does not know: 資格情報なし
        var route = $"/api/tenants/{api.Tenant}/verifications/{unknown}";
        await device.PostAsJsonAsync(route + "/card-read", new
        {
            commandId = Guid.NewGuid(), treatedAtFacilityId = judo, occurredAt = DateTimeOffset.UtcNow,
            certificateDer = Convert.ToBase64String(fixture.Authority.IssueCard().CertificateDer), readerSupportsExtendedApdu = true,
        });
        await device.PostAsJsonAsync(route + "/identity", new { commandId = Guid.NewGuid(), mode = "visual", staffId = "staff-1", occurredAt = DateTimeOffset.UtcNow });
        await device.PostAsJsonAsync(route + "/lookup", new { commandId = Guid.NewGuid() });
        await Testing.Eventually.TrueAsync(async () =>
            (await AwaitCheckAsync(staff, api.Tenant, judo, unknown)).GetProperty("status").GetString() == "not_found", "the outcome reaches the view");
        await AwaitCheckAsync(staff, api.Tenant, judo, suzuki);
        await AwaitCheckAsync(staff, api.Tenant, judo, yamada);

        var today = FacilitiesApi.Iso(FacilitiesApi.Today);
        Assert.Equal(new[] { yamada, unknown }.Order(StringComparer.Ordinal), (await SearchAsync(staff, api.Tenant, judo, $"?from={today}&to={today}")).Order(StringComparer.Ordinal));
        Assert.Equal([suzuki], await SearchAsync(staff, api.Tenant, judo, $"?to={FacilitiesApi.Iso(earlier)}"));
        Assert.Equal([suzuki], await SearchAsync(staff, api.Tenant, judo, "?kanaPrefix=" + Uri.EscapeDataString("ｽｽﾞｷ")));
        Assert.Equal([suzuki], await SearchAsync(staff, api.Tenant, judo, "?kanaPrefix=" + Uri.EscapeDataString("すずきはな")));
        Assert.Equal([yamada], await SearchAsync(staff, api.Tenant, judo, "?kanaPrefix=" + Uri.EscapeDataString("ヤマダタ") + "&outcome=confirmed_by_fallback"));
        Assert.Equal([unknown], await SearchAsync(staff, api.Tenant, judo, "?outcome=not_found"));
    }

    [Theory]
    [InlineData("?from=2026-13-01", "from")]
    [InlineData("?from=2026-05-02&to=2026-05-01", "to")]
    [InlineData("?kanaPrefix=abc", "kanaPrefix")]
    [InlineData("?outcome=approved", "outcome")]
    [InlineData("?limit=0", "limit")]
    public async Task a_malformed_query_is_refused_naming_the_parameter(string query, string parameter)
    {
        var (api, judo, _, _) = await BranchWithPairAsync();
        var staff = await fixture.PersonAsync(api.Tenant, "reception_staff", judo);

        var response = await staff.GetAsync(Checks(api.Tenant, judo, query));

        AssertProblem(response, 400);
        var problem = await response.JsonAsync();
        Assert.Equal(parameter, problem.GetProperty("field").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task staff_of_an_unrelated_facility_are_refused_while_the_groups_auditor_reads_every_facility()
    {
        var (api, judo, _, _) = await BranchWithPairAsync();
        var judoStaff = await fixture.PersonAsync(api.Tenant, "reception_staff", judo);
        var elsewhere = await api.FacilityAsync(await api.BranchAsync("Shibuya"), "judo");
        var otherStaff = await fixture.PersonAsync(api.Tenant, "reception_staff", elsewhere);
        var auditor = await fixture.PersonAsync(api.Tenant, "auditor");
        var id = await FallbackCheckAsync(judoStaff, api.Tenant, judo, "監査 次郎", "カンサ ジロウ");

        Assert.Equal("監査 次郎", Name(await AwaitCheckAsync(auditor, api.Tenant, judo, id)));
        var search = await otherStaff.GetAsync(Checks(api.Tenant, judo));
        var detail = await otherStaff.GetAsync(Checks(api.Tenant, judo, "/" + id));
        AssertProblem(search, 403);
        AssertProblem(detail, 403);
        Assert.Equal("facilityId", (await detail.JsonAsync()).GetProperty("field").GetString());
        Assert.DoesNotContain("監査", await detail.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
