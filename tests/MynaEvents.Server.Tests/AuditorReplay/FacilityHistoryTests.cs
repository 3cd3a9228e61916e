using System.Net.Http.Json;
using MynaEvents.EligibilitySimulator.Faults;
using MynaEvents.Server.Tests.EligibilityGateway;
using MynaEvents.Server.Tests.Verification;
using MynaEvents.Testing;
using static MynaEvents.Server.Tests.AuditorReplay.ReplayApi;
using static MynaEvents.Server.Tests.HttpJson;

namespace MynaEvents.Server.Tests.AuditorReplay;

/// <summary>An auditor replays a facility's real checks from the event log: its history, and its checks as of an instant.</summary>
public sealed class FacilityHistoryTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private const string Facility = "fac-judo-ar";
    private readonly string _tenant = "g-" + Guid.NewGuid().ToString("N")[..6] + "x" + Guid.NewGuid().ToString("N")[..6];

    private string Route(string id, string step = "") => $"/api/tenants/{_tenant}/verifications/{id}{step}";

    /// <summary>Card read and 目視 for a patient the national system knows; returns the check's id and the patient's name.</summary>
    private async Task<(string Id, string Name)> StartCheckAsync(HttpClient device)
    {
        var card = fixture.Authority.IssueCard();
        var person = SimulatorFixture.SamplePerson("1") with { Name = "監査\u3000" + Guid.NewGuid().ToString("N")[..6] };
        await fixture.Simulator.AddPersonAsync(person, card.Certificate.SerialNumber);
        var id = Guid.NewGuid().ToString();
        (await device.PostAsJsonAsync(Route(id, "/card-read"), new
        {
            commandId = Guid.NewGuid(), treatedAtFacilityId = Facility, occurredAt = DateTimeOffset.UtcNow,
            certificateDer = Convert.ToBase64String(card.CertificateDer), readerSupportsExtendedApdu = true, readerName = "Virtual PCD",
        })).EnsureSuccessStatusCode();
        (await device.PostAsJsonAsync(Route(id, "/identity"), new { commandId = Guid.NewGuid(), mode = "visual", staffId = "staff-ar", occurredAt = DateTimeOffset.UtcNow }))
            .EnsureSuccessStatusCode();
        return (id, person.Name!);
    }

    private async Task<string> LookUpAsync(HttpClient device, string id) =>
        (await (await device.PostAsJsonAsync(Route(id, "/lookup"), new { commandId = Guid.NewGuid() })).JsonAsync()).GetProperty("status").GetString()!;

    [Fact]
    public async Task history_replays_each_check_from_its_events_and_as_of_shows_a_check_as_it_stood_before_its_retry_confirmed()
    {
        var (device, deviceId) = await fixture.DeviceAsync(_tenant, Facility);
        var auditor = await fixture.PersonAsync(_tenant, "auditor");

        var (confirmed, confirmedName) = await StartCheckAsync(device);
        Assert.Equal("confirmed", await LookUpAsync(device, confirmed));

        var (retried, retriedName) = await StartCheckAsync(device);
        await fixture.Simulator.SetFaultsAsync(new FaultSettings(ErrorRate: 1.0));
        try
        {
            Assert.Equal("lookup_failed", await LookUpAsync(device, retried));
        }
        finally
        {
            await fixture.Simulator.ClearFaultsAsync();
        }
        await Eventually.TrueAsync(async () => await LookUpAsync(device, retried) == "confirmed", "the retried lookup confirms once upstream is back");

        var history = await AwaitHistoryAsync(auditor, _tenant, Facility, confirmed, retried);
        var first = history[confirmed];
        Assert.Equal(["CardRead", "IdentityVerified", "EligibilityConfirmed"], Types(first));
        Assert.Equal(["CardRead", "IdentityVerified", "EligibilityLookupFailed", "EligibilityConfirmed"], Types(history[retried]));
        Assert.Equal([1L, 2L, 3L, 4L], history[retried].GetProperty("events").EnumerateArray().Select(e => e.GetProperty("version").GetInt64()));
        Assert.Equal(("confirmed", "visual", false), (first.GetProperty("outcome").GetString(), first.GetProperty("identityMode").GetString(), first.GetProperty("shared").GetBoolean()));
        Assert.Equal(confirmedName, first.GetProperty("personal").GetProperty("name").GetString());
        Assert.Equal(retriedName, history[retried].GetProperty("personal").GetProperty("name").GetString());
        var cardRead = first.GetProperty("events")[0];
        Assert.Equal((deviceId, Facility), (cardRead.GetProperty("device").GetString(), cardRead.GetProperty("payload").GetProperty("treatedAtFacilityId").GetString()));
        var confirmation = first.GetProperty("events")[2];
        Assert.Equal("01130012", confirmation.GetProperty("payload").GetProperty("eligibility").GetProperty("insurerNumber").GetString());
        Assert.False(confirmation.GetProperty("payload").TryGetProperty("personal", out _), "sealed personal data is not part of an event's payload");

        // Between the failure and the later confirmation: the retried check stood at lookup_failed,
        // the first was already confirmed, and a check started later was not in the picture yet.
        var failedAt = RecordedAt(history[retried], "EligibilityLookupFailed");
        var then = ById(await OkAsync(auditor, AsOf(_tenant, Facility, failedAt)));
        Assert.Equal("lookup_failed", then[retried].GetProperty("outcome").GetString());
        Assert.Equal(3, then[retried].GetProperty("events").GetArrayLength());
        Assert.Equal("confirmed", then[confirmed].GetProperty("outcome").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, then[retried].GetProperty("personal").ValueKind); // not confirmed yet: no personal fields then
        Assert.Equal(confirmedName, then[confirmed].GetProperty("personal").GetProperty("name").GetString()); // still retained now

        var beforeRetried = ById(await OkAsync(auditor, AsOf(_tenant, Facility, RecordedAt(history[retried], "CardRead").AddTicks(-10))));
        Assert.Equal([confirmed], beforeRetried.Keys);

        var now = ById(await OkAsync(auditor, AsOf(_tenant, Facility, DateTimeOffset.UtcNow)));
        Assert.Equal("confirmed", now[retried].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task reception_staff_and_another_groups_auditor_are_refused()
    {
        var staff = await fixture.PersonAsync(_tenant, "reception_staff", Facility);
        var elsewhere = await fixture.PersonAsync("g-" + Guid.NewGuid().ToString("N")[..6] + "x" + Guid.NewGuid().ToString("N")[..6], "auditor");

        foreach (var (reader, uri) in new[]
                 {
                     (staff, Recent(_tenant, Facility)), (staff, AsOf(_tenant, Facility, DateTimeOffset.UtcNow)),
                     (elsewhere, Recent(_tenant, Facility)), (elsewhere, AsOf(_tenant, Facility, DateTimeOffset.UtcNow)),
                 })
            AssertProblem(await reader.GetAsync(uri), 403);
    }

    [Theory]
    [InlineData("?from=2026-01-01&to=2026-07-19", "to")] // 200 days
    [InlineData("?from=2026-05-02&to=2026-05-01", "to")]
    [InlineData("?to=2026-05-01", "from")]
    [InlineData("?from=2026-05-01T09:00:00&to=2026-05-02", "from")] // no offset: ambiguous
    public async Task a_history_range_that_is_missing_inverted_or_too_long_is_refused_naming_the_parameter(string query, string parameter)
    {
        await fixture.FacilityAsync(_tenant, Facility);
        var auditor = await fixture.PersonAsync(_tenant, "auditor");

        var response = await auditor.GetAsync(History(_tenant, Facility, query));

        AssertProblem(response, 400);
        var problem = await response.JsonAsync();
        Assert.Equal(parameter, problem.GetProperty("field").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task as_of_an_instant_in_the_future_is_refused_naming_at()
    {
        await fixture.FacilityAsync(_tenant, Facility);
        var auditor = await fixture.PersonAsync(_tenant, "auditor");

        var response = await auditor.GetAsync(AsOf(_tenant, Facility, DateTimeOffset.UtcNow.AddDays(1)));

        AssertProblem(response, 400);
        Assert.Equal("at", (await response.JsonAsync()).GetProperty("field").GetString());
    }
}
