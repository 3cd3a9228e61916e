using System.Net;
using System.Net.Http.Json;
using MynaEvents.EligibilitySimulator.Faults;
using MynaEvents.Server.Tests.EligibilityGateway;
using MynaEvents.Testing;
using MynaEvents.VirtualCard;
using static MynaEvents.Server.Tests.HttpJson;

namespace MynaEvents.Server.Tests.Verification;

/// <summary>Whole reception checks through HTTP: real server, real PostgreSQL, the simulator, a test card.</summary>
public sealed class ReceptionCheckTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private const string Tenant = "group-rc";
    private const string Facility = "fac-judo-1";

    private static string Route(string verificationId, string step = "") => $"/api/tenants/{Tenant}/verifications/{verificationId}{step}";

    private async Task<(TestCard Card, string Name)> PatientAsync(string validity = "1")
    {
        var card = fixture.Authority.IssueCard();
        var person = SimulatorFixture.SamplePerson(validity) with { Name = "試験\u3000" + Guid.NewGuid().ToString("N")[..6] };
        await fixture.Simulator.AddPersonAsync(person, card.Certificate.SerialNumber);
        return (card, person.Name!);
    }

    private static object CardRead(TestCard card, string facility = Facility, string? readerName = "Virtual PCD") => new
    {
        commandId = Guid.NewGuid(),
        treatedAtFacilityId = facility,
        occurredAt = DateTimeOffset.UtcNow,
        certificateDer = Convert.ToBase64String(card.CertificateDer),
        readerSupportsExtendedApdu = true,
        readerName,
    };

    private static object Visual() => new { commandId = Guid.NewGuid(), mode = "visual", staffId = "staff-1", occurredAt = DateTimeOffset.UtcNow };

    [Fact]
    public async Task a_visual_check_confirms_eligibility_and_the_event_log_holds_no_plaintext_name()
    {
        var (device, _) = await fixture.DeviceAsync(Tenant, Facility);
        var (card, name) = await PatientAsync();
        var id = Guid.NewGuid().ToString();

        Assert.Equal(HttpStatusCode.Created, (await device.PostAsJsonAsync(Route(id, "/card-read"), CardRead(card))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await device.PostAsJsonAsync(Route(id, "/identity"), Visual())).StatusCode);
        var lookup = await device.PostAsJsonAsync(Route(id, "/lookup"), new { commandId = Guid.NewGuid() });

        Assert.Equal(HttpStatusCode.Created, lookup.StatusCode);
        var check = await lookup.JsonAsync();
        Assert.Equal("confirmed", check.GetProperty("status").GetString());
        Assert.Equal("visual", check.GetProperty("identityMode").GetString());
        Assert.Equal("01130012", check.GetProperty("eligibility").GetProperty("insurerNumber").GetString());
        Assert.Equal(name, check.GetProperty("personal").GetProperty("name").GetString());
        Assert.False(check.GetProperty("personal").GetProperty("shredded").GetBoolean());

        var raw = await fixture.Server.Database.ScalarAsync<long>(
            $"select count(*) from myna_events.mt_events where type <> 'tombstone' and data::text like '%{name}%' or data::text like '%シケン%'");
        Assert.Equal(0, raw);
        Assert.Equal(3, await fixture.Server.Database.ScalarAsync<long>($"select count(*) from myna_events.mt_events where type <> 'tombstone' and stream_id = 'verification-{id}'"));
    }

    [Fact]
    public async Task a_pin_check_verifies_the_cards_signature_over_a_single_use_challenge()
    {
        var (device, deviceId) = await fixture.DeviceAsync(Tenant, Facility);
        var (card, _) = await PatientAsync();
        var id = Guid.NewGuid().ToString();
        await device.PostAsJsonAsync(Route(id, "/card-read"), CardRead(card));

        var challenge = await (await device.PostAsJsonAsync($"/api/tenants/{Tenant}/devices/{deviceId}/challenges", new { commandId = Guid.NewGuid() })).JsonAsync();
        var nonce = Convert.FromBase64String(challenge.GetProperty("nonce").GetString()!);
        object Pin(byte[] signature) => new
        {
            commandId = Guid.NewGuid(),
            mode = "pin",
            staffId = "staff-1",
            occurredAt = DateTimeOffset.UtcNow,
            challengeId = challenge.GetProperty("challengeId").GetString(),
            signature = Convert.ToBase64String(signature),
            certificateDer = Convert.ToBase64String(card.CertificateDer),
        };

        var verified = await device.PostAsJsonAsync(Route(id, "/identity"), Pin(card.SignNonce(nonce)));
        Assert.Equal(HttpStatusCode.Created, verified.StatusCode);
        Assert.Equal("pin", (await verified.JsonAsync()).GetProperty("identityMode").GetString());

        // The same signature on another check: the challenge is spent.
        var other = Guid.NewGuid().ToString();
        await device.PostAsJsonAsync(Route(other, "/card-read"), CardRead(card));
        var replay = await device.PostAsJsonAsync(Route(other, "/identity"), Pin(card.SignNonce(nonce)));
        AssertProblem(replay, 422);
        Assert.Equal("challengeId", (await replay.JsonAsync()).GetProperty("field").GetString());
        Assert.Equal(1, await fixture.Server.Database.ScalarAsync<long>($"select count(*) from myna_events.mt_events where type <> 'tombstone' and stream_id = 'verification-{other}'"));

        var confirmed = await (await device.PostAsJsonAsync(Route(id, "/lookup"), new { commandId = Guid.NewGuid() })).JsonAsync();
        Assert.Equal("confirmed", confirmed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_bad_signature_is_refused_and_writes_nothing()
    {
        var (device, deviceId) = await fixture.DeviceAsync(Tenant, Facility);
        var (card, _) = await PatientAsync();
        using var impostor = fixture.Authority.IssueCard();
        var id = Guid.NewGuid().ToString();
        await device.PostAsJsonAsync(Route(id, "/card-read"), CardRead(card));
        var challenge = await (await device.PostAsJsonAsync($"/api/tenants/{Tenant}/devices/{deviceId}/challenges", new { commandId = Guid.NewGuid() })).JsonAsync();

        var response = await device.PostAsJsonAsync(Route(id, "/identity"), new
        {
            commandId = Guid.NewGuid(),
            mode = "pin",
            staffId = "staff-1",
            occurredAt = DateTimeOffset.UtcNow,
            challengeId = challenge.GetProperty("challengeId").GetString(),
            signature = Convert.ToBase64String(impostor.SignNonce(Convert.FromBase64String(challenge.GetProperty("nonce").GetString()!))),
            certificateDer = Convert.ToBase64String(card.CertificateDer),
        });

        AssertProblem(response, 422);
        Assert.Equal("signature", (await response.JsonAsync()).GetProperty("field").GetString());
        Assert.Equal(1, await fixture.Server.Database.ScalarAsync<long>($"select count(*) from myna_events.mt_events where type <> 'tombstone' and stream_id = 'verification-{id}'"));
    }

    [Fact]
    public async Task an_upstream_outage_is_recorded_as_a_failed_lookup_and_the_check_is_confirmed_later()
    {
        var (device, _) = await fixture.DeviceAsync(Tenant, Facility);
        var (card, name) = await PatientAsync();
        var id = Guid.NewGuid().ToString();
        await device.PostAsJsonAsync(Route(id, "/card-read"), CardRead(card));
        await device.PostAsJsonAsync(Route(id, "/identity"), Visual());

        await fixture.Simulator.SetFaultsAsync(new FaultSettings(ErrorRate: 1.0));
        HttpResponseMessage failed;
        try
        {
            failed = await device.PostAsJsonAsync(Route(id, "/lookup"), new { commandId = Guid.NewGuid() });
        }
        finally
        {
            await fixture.Simulator.ClearFaultsAsync();
        }

        Assert.Equal(HttpStatusCode.Created, failed.StatusCode); // an outcome, never a 500
        var failure = await failed.JsonAsync();
        Assert.Equal("lookup_failed", failure.GetProperty("status").GetString());
        Assert.Contains("Retry", failure.GetProperty("nextStep").GetString(), StringComparison.Ordinal);

        await Eventually.TrueAsync(async () =>
        {
            var retry = await (await device.PostAsJsonAsync(Route(id, "/lookup"), new { commandId = Guid.NewGuid() })).JsonAsync();
            return retry.GetProperty("status").GetString() == "confirmed";
        }, "the retried lookup confirms once upstream is back (and its circuit closes)");
        var check = await (await device.GetAsync(Route(id))).JsonAsync();
        Assert.Equal(name, check.GetProperty("personal").GetProperty("name").GetString());
    }

    [Fact]
    public async Task concurrent_resends_of_one_card_read_write_one_event_and_answer_alike()
    {
        var (device, _) = await fixture.DeviceAsync(Tenant, Facility);
        var (card, _) = await PatientAsync();
        var id = Guid.NewGuid().ToString();
        var body = CardRead(card);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => device.PostAsJsonAsync(Route(id, "/card-read"), body)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Single(answers, a => !a.Headers.Contains("Idempotent-Replayed"));
        Assert.Single((await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()))).Distinct());
        Assert.Equal(1, await fixture.Server.Database.ScalarAsync<long>($"select count(*) from myna_events.mt_events where type <> 'tombstone' and stream_id = 'verification-{id}'"));
    }

    [Fact]
    public async Task a_value_that_looks_like_an_individual_number_is_refused_wherever_it_hides()
    {
        var (device, _) = await fixture.DeviceAsync(Tenant, Facility);
        var (card, _) = await PatientAsync();
        var id = Guid.NewGuid().ToString();

        var response = await device.PostAsJsonAsync(Route(id, "/card-read"), CardRead(card, readerName: "1234 5678 9018"));

        AssertProblem(response, 422);
        Assert.Equal("readerName", (await response.JsonAsync()).GetProperty("field").GetString());
        Assert.Equal(0, await fixture.Server.Database.ScalarAsync<long>("select count(*) from myna_events.mt_events where type <> 'tombstone' and data::text like '%9018%'"));
    }

    [Fact]
    public async Task unknown_fields_and_missing_fields_are_refused_by_name()
    {
        var (device, _) = await fixture.DeviceAsync(Tenant, Facility);
        var id = Guid.NewGuid().ToString();

        var unknown = await device.PostAsJsonAsync(Route(id, "/card-read"), new { commandId = Guid.NewGuid(), myNumber = "x" });
        AssertProblem(unknown, 400);
        Assert.Equal("myNumber", (await unknown.JsonAsync()).GetProperty("field").GetString());

        var missing = await device.PostAsJsonAsync(Route(id, "/card-read"), new { commandId = Guid.NewGuid() });
        AssertProblem(missing, 400);
        var errors = (await missing.JsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "treatedAtFacilityId", "occurredAt", "certificateDer", "readerSupportsExtendedApdu" })
            Assert.True(errors.TryGetProperty(field, out _), $"{field} is named");
    }

    [Fact]
    public async Task outcomes_without_coverage_tell_staff_what_to_do_and_a_fallback_completes_the_check()
    {
        var (device, _) = await fixture.DeviceAsync(Tenant, Facility);
        var unknownCard = fixture.Authority.IssueCard(); // the simulator knows nothing of it
        var id = Guid.NewGuid().ToString();
        await device.PostAsJsonAsync(Route(id, "/card-read"), CardRead(unknownCard));
        await device.PostAsJsonAsync(Route(id, "/identity"), Visual());

        var notFound = await (await device.PostAsJsonAsync(Route(id, "/lookup"), new { commandId = Guid.NewGuid() })).JsonAsync();
        Assert.Equal("not_found", notFound.GetProperty("status").GetString());
        Assert.Contains("資格情報なし", notFound.GetProperty("nextStep").GetString(), StringComparison.Ordinal);

        var fallback = await device.PostAsJsonAsync(Route(id, "/fallback"), new
        {
            commandId = Guid.NewGuid(),
            kind = "myna_portal",
            staffId = "staff-2",
            treatedAtFacilityId = Facility,
            treatmentDate = notFound.GetProperty("treatmentDate").GetString(),
            documentDate = notFound.GetProperty("treatmentDate").GetString(),
            occurredAt = DateTimeOffset.UtcNow,
            eligibility = new { insurerNumber = "33120015", personalFamily = 2, burdenRatio = "020" },
            personal = new { name = "代替 花子", nameKana = "ダイタイ ハナコ", birthDate = "1950-01-02", insuredBranchNumber = "01" },
        });
        Assert.Equal(HttpStatusCode.Created, fallback.StatusCode);
        var done = await fallback.JsonAsync();
        Assert.Equal("confirmed_by_fallback", done.GetProperty("status").GetString());
        Assert.Equal("myna_portal", done.GetProperty("fallbackKind").GetString());
        Assert.Equal("代替 花子", done.GetProperty("personal").GetProperty("name").GetString());
    }
}
