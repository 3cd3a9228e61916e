using System.Net;
using System.Net.Http.Json;
using MynaEvents.Domain.Verification;
using MynaEvents.VirtualCard;

namespace MynaEvents.Server.Tests.Retention;

/// <summary>
/// A real check through HTTP, carried past its 翌月末: unreadable at once, and after one sweep
/// not a byte of its personal data is left in any table of the database.
/// </summary>
public sealed class ShreddingAtDeadlineTests(RetentionServer server) : IClassFixture<RetentionServer>
{
    private const string Facility = "fac-judo-1";

    private static string Route(string tenant, string id, string step = "") => $"/api/tenants/{tenant}/verifications/{id}{step}";

    private async Task<(HttpClient Device, TestCard Card, Patient Patient, string Tenant, string Id)> CardReadAndIdentityAsync()
    {
        var tenant = "group-" + Guid.NewGuid().ToString("N")[..8];
        var device = await server.DeviceAsync(tenant, Facility);
        var patient = Patient.New();
        var card = server.Authority.IssueCard();
        await server.Simulator.AddPersonAsync(patient.AsSimulated(), card.Certificate.SerialNumber);
        var id = Guid.NewGuid().ToString();
        var read = await device.PostAsJsonAsync(Route(tenant, id, "/card-read"), new
        {
            commandId = Guid.NewGuid(),
            treatedAtFacilityId = Facility,
            occurredAt = server.Time.GetUtcNow(),
            certificateDer = Convert.ToBase64String(card.CertificateDer),
            readerSupportsExtendedApdu = true,
        });
        Assert.Equal(HttpStatusCode.Created, read.StatusCode);
        var identity = await device.PostAsJsonAsync(Route(tenant, id, "/identity"),
            new { commandId = Guid.NewGuid(), mode = "visual", staffId = "staff-1", occurredAt = server.Time.GetUtcNow() });
        Assert.Equal(HttpStatusCode.Created, identity.StatusCode);
        return (device, card, patient, tenant, id);
    }

    private Task<long> KeyRowsAsync(string tenant, string id) =>
        server.Database.ScalarAsync<long>($"select count(*) from myna.data_keys where tenant_id = '{tenant}' and verification_id = '{id}'");

    [Fact]
    public async Task a_confirmed_check_is_unreadable_after_its_deadline_and_after_the_sweep_no_table_holds_its_personal_data()
    {
        var (device, card, patient, tenant, id) = await CardReadAndIdentityAsync();
        using var _ = card;
        var lookup = await device.PostAsJsonAsync(Route(tenant, id, "/lookup"), new { commandId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.Created, lookup.StatusCode);
        var confirmed = await (await device.GetAsync(Route(tenant, id))).JsonAsync();
        Assert.Equal("confirmed", confirmed.GetProperty("status").GetString());
        Assert.Equal(patient.Name, confirmed.GetProperty("personal").GetProperty("name").GetString());
        var deadline = confirmed.GetProperty("retainedUntil").GetDateTimeOffset();
        Assert.Equal(RetentionDeadline.For(JapanTime.DateOf(server.Time.GetUtcNow())), deadline);

        server.MoveClockPast(deadline);

        // Unreadable from the deadline on, though no sweep has run and the key row is still there.
        Assert.Equal(1, await KeyRowsAsync(tenant, id));
        var after = await (await device.GetAsync(Route(tenant, id))).JsonAsync();
        Assert.True(after.GetProperty("personal").GetProperty("shredded").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, after.GetProperty("personal").GetProperty("name").ValueKind);
        Assert.Equal("confirmed", after.GetProperty("status").GetString());

        var now = server.Time.GetUtcNow();
        var report = await server.Sweeper.TrySweepAsync(now);

        Assert.NotNull(report);
        Assert.True(report.KeysShredded >= 1);
        Assert.Equal(0, await KeyRowsAsync(tenant, id));
        Assert.Contains(now, server.Participant.AskedUpTo);
        // The scan sees rows at all: the check's id is stored in clear, by design.
        Assert.NotEmpty(await PlaintextScan.FindAsync(server.Database, id));
        Assert.Empty(await PlaintextScan.FindAsync(server.Database, patient.Traces()));
    }

    [Fact]
    public async Task an_answer_that_arrives_after_the_deadline_is_refused_and_stores_no_personal_data()
    {
        var (device, card, patient, tenant, id) = await CardReadAndIdentityAsync();
        using var _ = card;
        var deadline = RetentionDeadline.For(JapanTime.DateOf(server.Time.GetUtcNow()));
        // The national system answers only after 翌月末 has ended (a lookup retried at 23:59:59).
        server.WhileUpstreamAnswers = () => server.MoveClockPast(deadline);
        try
        {
            var lookup = await device.PostAsJsonAsync(Route(tenant, id, "/lookup"), new { commandId = Guid.NewGuid() });

            Assert.Equal(HttpStatusCode.UnprocessableEntity, lookup.StatusCode);
        }
        finally
        {
            server.WhileUpstreamAnswers = null;
        }
        Assert.Equal(0, await KeyRowsAsync(tenant, id));
        Assert.Equal(2, await server.Database.ScalarAsync<long>($"select count(*) from myna_events.mt_events where type <> 'tombstone' and stream_id = 'verification-{id}'"));
        Assert.Empty(await PlaintextScan.FindAsync(server.Database, patient.Traces()));
    }
}
