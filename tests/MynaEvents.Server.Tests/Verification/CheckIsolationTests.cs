using System.Net;
using System.Net.Http.Json;
using MynaEvents.Server.Tests.Facilities;
using MynaEvents.VirtualCard;
using static MynaEvents.Server.Tests.HttpJson;

using MynaEvents.Server.Tests.Security;

namespace MynaEvents.Server.Tests.Verification;

/// <summary>
/// Who may touch a check, with real groups, facilities, devices and people: nobody of group
/// A acts in group B, a device acts only for its facility or its active co-location partner.
/// </summary>
public sealed class CheckIsolationTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private sealed record Site(FacilitiesApi Api, string Branch, string Judo, HttpClient JudoDevice, string Ahaki, HttpClient AhakiDevice);

    private async Task<HttpClient> ActivatedDeviceAsync(FacilitiesApi api, string facility)
    {
        var (_, code) = await api.DeviceAsync(facility);
        using var anonymous = fixture.Server.CreateClient();
        var activated = await anonymous.PostAsJsonAsync("/api/devices/activate", new { activationCode = code, commandId = Guid.NewGuid() });
        activated.EnsureSuccessStatusCode();
        return fixture.Server.CreateClient((await activated.JsonAsync()).GetProperty("credential").GetString()!);
    }

    private async Task<(string Facility, HttpClient Device)> ReadyFacilityAsync(FacilitiesApi api, string branch, string kind)
    {
        var facility = await api.FacilityAsync(branch, kind);
        await api.ApproveAsync(facility, await api.ApplyAsync(facility, devices: 2));
        return (facility, await ActivatedDeviceAsync(api, facility));
    }

    /// <summary>A group with one branch holding a judo and an ahaki facility, each with an activated device.</summary>
    private async Task<Site> SiteAsync()
    {
        var api = await FacilitiesApi.NewGroupAsync(fixture.Server, cards: fixture.Authority);
        var branch = await api.BranchAsync();
        var (judo, judoDevice) = await ReadyFacilityAsync(api, branch, "judo");
        var (ahaki, ahakiDevice) = await ReadyFacilityAsync(api, branch, "ahaki");
        return new Site(api, branch, judo, judoDevice, ahaki, ahakiDevice);
    }

    private static object CardRead(TestCard card, string facility) => new
    {
        commandId = Guid.NewGuid(),
        treatedAtFacilityId = facility,
        occurredAt = DateTimeOffset.UtcNow,
        certificateDer = Convert.ToBase64String(card.CertificateDer),
        readerSupportsExtendedApdu = true,
    };

    private static string Route(string tenant, string verificationId, string step = "") => $"/api/tenants/{tenant}/verifications/{verificationId}{step}";

    private Task<long> EventsOfAsync(string verificationId) =>
        fixture.Server.Database.ScalarAsync<long>($"select count(*) from myna_events.mt_events where type <> 'tombstone' and stream_id = 'verification-{verificationId}'");

    [Fact]
    public async Task a_device_acts_only_for_its_own_facility_until_a_co_location_is_declared()
    {
        var site = await SiteAsync();
        using var card = fixture.Authority.IssueCard();
        var forAhaki = Guid.NewGuid().ToString();

        var refused = await site.JudoDevice.PostAsJsonAsync(Route(site.Api.Tenant, forAhaki, "/card-read"), CardRead(card, site.Ahaki));
        AssertProblem(refused, 403);
        Assert.Equal("treatedAtFacilityId", (await refused.JsonAsync()).GetProperty("field").GetString());
        Assert.Equal(0, await EventsOfAsync(forAhaki));

        // 併設: the judo facility operates and declares co-location with the ahaki facility.
        await site.Api.ReadACardAsync(site.Judo, site.JudoDevice);
        await site.Api.StartAsync(site.Judo, FacilitiesApi.Today);
        var deviceId = (await site.Api.FacilityAsync(site.Judo)).GetProperty("devices")[0].GetProperty("deviceId").GetString()!;
        await site.Api.AcceptedAsync("/colocations", new { commandId = Guid.NewGuid(), facilityIds = new[] { site.Judo, site.Ahaki }, primaryFacilityId = site.Judo, sharedDeviceIds = new[] { deviceId } });

        var accepted = await site.JudoDevice.PostAsJsonAsync(Route(site.Api.Tenant, forAhaki, "/card-read"), CardRead(card, site.Ahaki));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(site.Ahaki, (await accepted.JsonAsync()).GetProperty("treatedAtFacilityId").GetString());

        // Reception staff of either facility see the shared check.
        using var ahakiStaff = fixture.Server.CreateClient(await FacilitiesApi.TokenAsync(fixture.Server, site.Api.Tenant, "reception_staff", site.Ahaki));
        using var judoStaff = fixture.Server.CreateClient(await FacilitiesApi.TokenAsync(fixture.Server, site.Api.Tenant, "reception_staff", site.Judo));
        Assert.Equal(HttpStatusCode.OK, (await ahakiStaff.GetAsync(Route(site.Api.Tenant, forAhaki))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await judoStaff.GetAsync(Route(site.Api.Tenant, forAhaki))).StatusCode);
    }

    [Fact]
    public async Task a_check_begun_under_a_co_location_may_be_finished_by_its_device_after_withdrawal()
    {
        var site = await SiteAsync();
        await site.Api.ReadACardAsync(site.Judo, site.JudoDevice);
        await site.Api.StartAsync(site.Judo, FacilitiesApi.Today);
        var deviceId = (await site.Api.FacilityAsync(site.Judo)).GetProperty("devices")[0].GetProperty("deviceId").GetString()!;
        var declared = await site.Api.AcceptedAsync("/colocations", new { commandId = Guid.NewGuid(), facilityIds = new[] { site.Judo, site.Ahaki }, primaryFacilityId = site.Judo, sharedDeviceIds = new[] { deviceId } });
        using var card = fixture.Authority.IssueCard();
        var id = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await site.JudoDevice.PostAsJsonAsync(Route(site.Api.Tenant, id, "/card-read"), CardRead(card, site.Ahaki))).StatusCode);

        var version = (await site.Api.FacilityAsync(site.Ahaki)).GetProperty("colocation").GetProperty("streamVersion").GetInt64();
        await site.Api.AcceptedAsync($"/colocations/{FacilitiesApi.Id(declared)}/withdrawal", new { commandId = Guid.NewGuid(), expectedVersion = version });

        // Withdrawal stops sharing for later checks; the one begun under it can still be finished.
        var identity = await site.JudoDevice.PostAsJsonAsync(Route(site.Api.Tenant, id, "/identity"),
            new { commandId = Guid.NewGuid(), mode = "visual", staffId = "s", occurredAt = DateTimeOffset.UtcNow });
        Assert.Equal(HttpStatusCode.Created, identity.StatusCode);
        var later = Guid.NewGuid().ToString();
        AssertProblem(await site.JudoDevice.PostAsJsonAsync(Route(site.Api.Tenant, later, "/card-read"), CardRead(card, site.Ahaki)), 403);
    }

    [Fact]
    public async Task staff_and_devices_of_an_unrelated_facility_can_neither_read_nor_continue_a_check()
    {
        var site = await SiteAsync();
        var otherBranch = await site.Api.BranchAsync("Ikebukuro");
        var (other, otherDevice) = await ReadyFacilityAsync(site.Api, otherBranch, "judo");
        using var card = fixture.Authority.IssueCard();
        var id = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await site.JudoDevice.PostAsJsonAsync(Route(site.Api.Tenant, id, "/card-read"), CardRead(card, site.Judo))).StatusCode);

        using var otherStaff = fixture.Server.CreateClient(await FacilitiesApi.TokenAsync(fixture.Server, site.Api.Tenant, "reception_staff", other));
        AssertProblem(await otherStaff.GetAsync(Route(site.Api.Tenant, id)), 403);
        AssertProblem(await otherDevice.PostAsJsonAsync(Route(site.Api.Tenant, id, "/identity"),
            new { commandId = Guid.NewGuid(), mode = "visual", staffId = "s", occurredAt = DateTimeOffset.UtcNow }), 403);
        AssertProblem(await otherDevice.PostAsJsonAsync(Route(site.Api.Tenant, id, "/lookup"), new { commandId = Guid.NewGuid() }), 403);
        Assert.Equal(1, await EventsOfAsync(id));
    }

    [Fact]
    public async Task nobody_of_one_group_reads_or_writes_another_groups_checks()
    {
        var a = await SiteAsync();
        var b = await SiteAsync();
        using var card = fixture.Authority.IssueCard();
        var id = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await a.JudoDevice.PostAsJsonAsync(Route(a.Api.Tenant, id, "/card-read"), CardRead(card, a.Judo))).StatusCode);

        using var bStaff = fixture.Server.CreateClient(await FacilitiesApi.TokenAsync(fixture.Server, b.Api.Tenant, "reception_staff", b.Judo));
        var intruders = new[] { b.JudoDevice, b.AhakiDevice, bStaff, b.Api.Admin };
        foreach (var intruder in intruders)
        {
            AssertProblem(await intruder.GetAsync(Route(a.Api.Tenant, id)), 403);
            AssertProblem(await intruder.PostAsJsonAsync(Route(a.Api.Tenant, id, "/identity"),
                new { commandId = Guid.NewGuid(), mode = "visual", staffId = "s", occurredAt = DateTimeOffset.UtcNow }), 403);
        }
        // Naming group A's facility from group B's own route names a facility group B does not have.
        var smuggled = Guid.NewGuid().ToString();
        var unknown = await b.JudoDevice.PostAsJsonAsync(Route(b.Api.Tenant, smuggled, "/card-read"), CardRead(card, a.Judo));
        AssertProblem(unknown, 422);
        Assert.Equal("treatedAtFacilityId", (await unknown.JsonAsync()).GetProperty("field").GetString());
        Assert.Equal(0, await EventsOfAsync(smuggled));
        Assert.Equal(1, await EventsOfAsync(id));

        // Administrators and auditors run no checks, even in their own group.
        using var auditor = fixture.Server.CreateClient(await FacilitiesApi.TokenAsync(fixture.Server, a.Api.Tenant, "auditor"));
        AssertProblem(await auditor.PostAsJsonAsync(Route(a.Api.Tenant, Guid.NewGuid().ToString(), "/card-read"), CardRead(card, a.Judo)), 403);
        AssertProblem(await a.Api.Admin.PostAsJsonAsync(Route(a.Api.Tenant, Guid.NewGuid().ToString(), "/card-read"), CardRead(card, a.Judo)), 403);
    }

    [Fact]
    public async Task a_card_whose_certificate_is_past_its_grace_is_recorded_and_sent_to_the_fallback_documents()
    {
        var site = await SiteAsync();
        var notAfter = DateTimeOffset.UtcNow.AddMonths(-5);
        using var expired = fixture.Authority.IssueCard(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8), notAfter, notAfter.AddYears(-5));
        var id = Guid.NewGuid().ToString();

        var read = await site.JudoDevice.PostAsJsonAsync(Route(site.Api.Tenant, id, "/card-read"), CardRead(expired, site.Judo));
        Assert.Equal(HttpStatusCode.Created, read.StatusCode);
        var check = await read.JsonAsync();
        Assert.Equal("certificate_beyond_grace", check.GetProperty("status").GetString());
        Assert.False(check.GetProperty("certificateUsable").GetBoolean());

        await site.JudoDevice.PostAsJsonAsync(Route(site.Api.Tenant, id, "/identity"), new { commandId = Guid.NewGuid(), mode = "visual", staffId = "s", occurredAt = DateTimeOffset.UtcNow });
        var lookup = await site.JudoDevice.PostAsJsonAsync(Route(site.Api.Tenant, id, "/lookup"), new { commandId = Guid.NewGuid() });
        AssertProblem(lookup, 422);
        Assert.Contains("fallback", (await lookup.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
