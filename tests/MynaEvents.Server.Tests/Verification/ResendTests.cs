using System.Net;
using System.Net.Http.Json;
using MynaEvents.Server.Tests.EligibilityGateway;
using MynaEvents.Server.Tests.Security;
using MynaEvents.VirtualCard;
using static MynaEvents.Server.Tests.HttpJson;

namespace MynaEvents.Server.Tests.Verification;

/// <summary>
/// A resend (same commandId) gets the first answer — the same status and the same body — however
/// far the check went since, only from someone who may act on the check, and only for the same
/// kind of command.
/// </summary>
public sealed class ResendTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private const string Tenant = "group-resend";
    private const string Facility = "fac-judo-resend";

    private static string Route(string verificationId, string step = "") => $"/api/tenants/{Tenant}/verifications/{verificationId}{step}";

    private async Task<TestCard> PatientAsync()
    {
        var card = fixture.Authority.IssueCard();
        await fixture.Simulator.AddPersonAsync(SimulatorFixture.SamplePerson("1"), card.Certificate.SerialNumber);
        return card;
    }

    private static object CardRead(TestCard card, Guid commandId) => new
    {
        commandId,
        treatedAtFacilityId = Facility,
        occurredAt = DateTimeOffset.UtcNow,
        certificateDer = Convert.ToBase64String(card.CertificateDer),
        readerSupportsExtendedApdu = true,
    };

    [Fact]
    public async Task a_card_read_resent_after_the_check_was_confirmed_answers_its_first_answer()
    {
        var (device, _) = await fixture.DeviceAsync(Tenant, Facility);
        using var card = await PatientAsync();
        var id = Guid.NewGuid().ToString();
        var read = CardRead(card, Guid.NewGuid());

        var first = await device.PostAsJsonAsync(Route(id, "/card-read"), read);
        Assert.Equal(HttpStatusCode.Created, (await device.PostAsJsonAsync(Route(id, "/identity"),
            new { commandId = Guid.NewGuid(), mode = "visual", staffId = "staff-1", occurredAt = DateTimeOffset.UtcNow })).StatusCode);
        var lookup = new { commandId = Guid.NewGuid() };
        var confirmed = await device.PostAsJsonAsync(Route(id, "/lookup"), lookup);
        Assert.Equal("confirmed", (await confirmed.JsonAsync()).GetProperty("status").GetString());
        var events = await EventsAsync(id);

        var resent = await device.PostAsJsonAsync(Route(id, "/card-read"), read);
        var resentLookup = await device.PostAsJsonAsync(Route(id, "/lookup"), lookup);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, resent.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await resent.Content.ReadAsStringAsync());
        var answer = await resent.JsonAsync();
        Assert.Equal((1L, "card_read"), (answer.GetProperty("version").GetInt64(), answer.GetProperty("status").GetString()));
        Assert.Equal(["true"], resent.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Created, resentLookup.StatusCode);
        Assert.Equal(await confirmed.Content.ReadAsStringAsync(), await resentLookup.Content.ReadAsStringAsync());
        Assert.Equal(events, await EventsAsync(id));
    }

    [Fact]
    public async Task a_command_id_resent_for_another_kind_of_command_or_by_another_facilitys_device_is_refused()
    {
        var (device, _) = await fixture.DeviceAsync(Tenant, Facility);
        var (stranger, _) = await fixture.DeviceAsync(Tenant, "fac-judo-stranger");
        using var card = await PatientAsync();
        var id = Guid.NewGuid().ToString();
        var commandId = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await device.PostAsJsonAsync(Route(id, "/card-read"), CardRead(card, commandId))).StatusCode);

        var asIdentity = await device.PostAsJsonAsync(Route(id, "/identity"),
            new { commandId, mode = "visual", staffId = "staff-1", occurredAt = DateTimeOffset.UtcNow });
        var byStranger = await stranger.PostAsJsonAsync(Route(id, "/card-read"), CardRead(card, commandId));

        AssertProblem(asIdentity, 422);
        Assert.Equal("commandId", (await asIdentity.JsonAsync()).GetProperty("field").GetString());
        AssertProblem(byStranger, 403);
        Assert.Equal(1, await EventsAsync(id));
    }

    private Task<long> EventsAsync(string verificationId) =>
        fixture.Server.Database.ScalarAsync<long>($"select count(*) from myna_events.mt_events where type <> 'tombstone' and stream_id = 'verification-{verificationId}'");
}
