using MynaEvents.Edge.Queue;
using MynaEvents.Edge.Tests.EndToEnd;
using MynaEvents.Edge.ServerApi;
using MynaEvents.Edge.Tests.ServerApi;
using MynaEvents.VirtualCard;

namespace MynaEvents.Edge.Tests.Queue;

/// <summary>The queue delivered to the real server: in order, exactly once, and nothing lost while it is away.</summary>
public sealed class QueueDelivererTests(EdgeServer server) : IClassFixture<EdgeServer>, IDisposable
{
    // The class shares one server and gate: no spoiled answer outlives its test.
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _data = new();
    private readonly List<TestCard> _cards = [];

    public void Dispose()
    {
        server.Gate.SpoilAnswers();
        foreach (var card in _cards) card.Dispose();
        _data.Dispose();
    }

    private async Task<OutgoingCommand> CardReadAsync(DeviceCredential device, string verificationId)
    {
        var card = await server.PatientAsync();
        _cards.Add(card);
        return OutgoingCommand.CardRead(verificationId, CardReadRequest.Create(device.FacilityId, DateTimeOffset.UtcNow, card.CertificateDer, true, "Virtual PCD"));
    }

    private static OutgoingCommand Visual(string verificationId) => OutgoingCommand.Identity(verificationId, IdentityRequest.Visual("staff-1", DateTimeOffset.UtcNow));

    private static OutgoingCommand Lookup(string verificationId) => OutgoingCommand.Lookup(verificationId, LookupRequest.Create());

    /// <summary>Seven checks queued interleaved: all card reads, then identities, then six lookups. Twenty commands.</summary>
    private async Task<(List<OutgoingCommand> Commands, List<string> Checks)> QueueTwentyAsync(OfflineQueue queue, DeviceCredential device)
    {
        var checks = Enumerable.Range(0, 7).Select(_ => Guid.NewGuid().ToString()).ToList();
        var commands = new List<OutgoingCommand>();
        foreach (var check in checks) commands.Add(await CardReadAsync(device, check));
        commands.AddRange(checks.Select(Visual));
        commands.AddRange(checks.Take(6).Select(Lookup));
        foreach (var command in commands) await queue.EnqueueAsync(command, DateTimeOffset.UtcNow, None);
        return (commands, checks);
    }

    [Fact]
    public async Task twenty_queued_commands_reach_the_server_in_queue_order_exactly_once()
    {
        var device = await server.DeviceAsync();
        await using var queue = await OfflineQueue.OpenAsync(_data.Path, None);
        var (commands, checks) = await QueueTwentyAsync(queue, device);

        var report = await new QueueDeliverer(queue).DeliverAsync(server.Client(), device, None);

        Assert.Equal((20, 0, 0, DeliveryStop.QueueEmpty), (report.Delivered, report.Refused, report.Pending, report.Stop));
        Assert.Equal(commands.Select(c => (c.CommandId, 1L)), await server.CommandsWrittenAsync(device.TenantId));
        Assert.All(checks.Take(6), check => Assert.Equal(VerificationStatuses.Confirmed, report.Latest[check].Status));
        Assert.Equal(VerificationStatuses.IdentityVerified, report.Latest[checks[6]].Status);

        var again = await new QueueDeliverer(queue).DeliverAsync(server.Client(), device, None);
        Assert.Equal((0, 0, 0), (again.Delivered, again.Refused, again.Pending));
    }

    [Fact]
    public async Task while_the_server_is_unreachable_everything_stays_pending_and_goes_out_on_the_next_run()
    {
        var device = await server.DeviceAsync();
        await using var queue = await OfflineQueue.OpenAsync(_data.Path, None);
        var (commands, _) = await QueueTwentyAsync(queue, device);
        var deliverer = new QueueDeliverer(queue);

        var offline = await deliverer.DeliverAsync(EdgeServer.StoppedServer(), device, None);

        Assert.Equal((0, 0, 20, DeliveryStop.ServerUnreachable), (offline.Delivered, offline.Refused, offline.Pending, offline.Stop));
        Assert.NotNull(offline.StopReason);
        Assert.Empty(offline.Latest);
        var first = (await queue.PeekPendingAsync(20, None))[0];
        Assert.Equal((commands[0].CommandId, 1), (first.CommandId, first.Attempts));
        Assert.Empty(await server.CommandsWrittenAsync(device.TenantId));

        var online = await deliverer.DeliverAsync(server.Client(), device, None);

        Assert.Equal((20, 0, 0, DeliveryStop.QueueEmpty), (online.Delivered, online.Refused, online.Pending, online.Stop));
        Assert.Equal(commands.Select(c => (c.CommandId, 1L)), await server.CommandsWrittenAsync(device.TenantId));
    }

    [Fact]
    public async Task a_command_sent_again_after_a_crash_before_it_was_marked_delivered_changes_nothing()
    {
        var device = await server.DeviceAsync();
        await using var queue = await OfflineQueue.OpenAsync(_data.Path, None);
        var check = Guid.NewGuid().ToString();
        var cardRead = await CardReadAsync(device, check);
        await queue.EnqueueAsync(cardRead, DateTimeOffset.UtcNow, None);
        // The edge sent it and died before deleting it from the queue.
        var pending = Assert.Single(await queue.PeekPendingAsync(1, None));
        var answered = await server.Client().CardReadAsync(device, check,
            System.Text.Json.JsonSerializer.Deserialize<CardReadRequest>(pending.Payload, System.Text.Json.JsonSerializerOptions.Web)!, None);

        var report = await new QueueDeliverer(queue).DeliverAsync(server.Client(), device, None);

        Assert.Equal((1, 0), (report.Delivered, report.Pending));
        Assert.Equal(answered, report.Latest[check]);
        Assert.Equal([(cardRead.CommandId, 1L)], await server.CommandsWrittenAsync(device.TenantId));
    }

    [Fact]
    public async Task a_command_the_server_committed_but_answered_503_is_resent_as_is_and_completes_the_check_without_a_second_write()
    {
        var device = await server.DeviceAsync();
        await using var queue = await OfflineQueue.OpenAsync(_data.Path, None);
        var check = Guid.NewGuid().ToString();
        var commands = new[] { await CardReadAsync(device, check), Visual(check), Lookup(check) };
        await queue.EnqueueCheckAsync(commands, DateTimeOffset.UtcNow, None);
        var deliverer = new QueueDeliverer(queue);
        server.Gate.SpoilAnswers(AnswerFault.Replace503);

        var unknown = await deliverer.DeliverAsync(server.Client(), device, None);

        Assert.Equal((0, 3, DeliveryStop.ServerUnreachable), (unknown.Delivered, unknown.Pending, unknown.Stop));
        Assert.Contains("503", unknown.StopReason, StringComparison.Ordinal);
        Assert.Equal([(commands[0].CommandId, 1L)], await server.CommandsWrittenAsync(device.TenantId)); // it was committed
        var kept = (await queue.PeekPendingAsync(3, None))[0];
        Assert.Equal((commands[0].CommandId, commands[0].Payload, 1), (kept.CommandId, kept.Payload, kept.Attempts));

        var resent = await deliverer.DeliverAsync(server.Client(), device, None);

        Assert.Equal((3, 0, DeliveryStop.QueueEmpty), (resent.Delivered, resent.Pending, resent.Stop));
        Assert.Equal(VerificationStatuses.Confirmed, resent.Latest[check].Status);
        Assert.Equal(commands.Select(c => (c.CommandId, 1L)), await server.CommandsWrittenAsync(device.TenantId));
    }

    [Fact]
    public async Task a_pin_identity_whose_answer_was_lost_is_resent_with_its_used_challenge_and_accepted_once()
    {
        var device = await server.DeviceAsync();
        await using var queue = await OfflineQueue.OpenAsync(_data.Path, None);
        var check = Guid.NewGuid().ToString();
        var cardRead = await CardReadAsync(device, check);
        var card = _cards[^1];
        var challenge = await server.Client().IssueChallengeAsync(device, Guid.NewGuid(), None);
        var identity = OutgoingCommand.Identity(check,
            IdentityRequest.Pin("staff-1", DateTimeOffset.UtcNow, challenge.ChallengeId, card.SignNonce(challenge.NonceBytes()), card.CertificateDer));
        var commands = new[] { cardRead, identity, Lookup(check) };
        await queue.EnqueueCheckAsync(commands, DateTimeOffset.UtcNow, None);
        var deliverer = new QueueDeliverer(queue);
        // The card read goes through; the identity is written and its answer lost on the way back.
        server.Gate.SpoilAnswers(AnswerFault.Pass, AnswerFault.Lose);

        var unknown = await deliverer.DeliverAsync(server.Client(), device, None);

        Assert.Equal((1, 2, DeliveryStop.ServerUnreachable), (unknown.Delivered, unknown.Pending, unknown.Stop));
        Assert.Equal([(cardRead.CommandId, 1L), (identity.CommandId, 1L)], await server.CommandsWrittenAsync(device.TenantId));

        var resent = await deliverer.DeliverAsync(server.Client(), device, None);

        Assert.Equal((2, 0, 0), (resent.Delivered, resent.Refused, resent.Pending));
        Assert.Equal(VerificationStatuses.Confirmed, resent.Latest[check].Status);
        Assert.Equal(IdentityModes.Pin, resent.Latest[check].IdentityMode);
        Assert.Equal(commands.Select(c => (c.CommandId, 1L)), await server.CommandsWrittenAsync(device.TenantId));
    }

    [Fact]
    public async Task a_refused_command_takes_the_rest_of_its_check_with_it_and_delivery_goes_on()
    {
        var device = await server.DeviceAsync();
        await using var queue = await OfflineQueue.OpenAsync(_data.Path, None);
        var broken = Guid.NewGuid().ToString();
        var good = Guid.NewGuid().ToString();
        var notACertificate = OutgoingCommand.CardRead(broken, CardReadRequest.Create(device.FacilityId, DateTimeOffset.UtcNow, [1, 2, 3], true, null));
        var goodCommands = new[] { await CardReadAsync(device, good), Visual(good), Lookup(good) };
        await queue.EnqueueAsync(notACertificate, DateTimeOffset.UtcNow, None);
        await queue.EnqueueAsync(goodCommands[0], DateTimeOffset.UtcNow, None);
        await queue.EnqueueAsync(Visual(broken), DateTimeOffset.UtcNow, None);
        await queue.EnqueueAsync(goodCommands[1], DateTimeOffset.UtcNow, None);
        await queue.EnqueueAsync(Lookup(broken), DateTimeOffset.UtcNow, None);
        await queue.EnqueueAsync(goodCommands[2], DateTimeOffset.UtcNow, None);

        var report = await new QueueDeliverer(queue).DeliverAsync(server.Client(), device, None);

        Assert.Equal((3, 3, 0, DeliveryStop.QueueEmpty), (report.Delivered, report.Refused, report.Pending, report.Stop));
        Assert.Equal(VerificationStatuses.Confirmed, report.Latest[good].Status);
        Assert.False(report.Latest.ContainsKey(broken));
        var refused = await queue.ListRefusedAsync(10, None);
        Assert.Equal([QueuedCommandKind.CardRead, QueuedCommandKind.Identity, QueuedCommandKind.Lookup], refused.Select(r => r.Kind));
        Assert.All(refused, r => Assert.Equal(broken, r.VerificationId));
        Assert.Contains("certificateDer", refused[0].Reason, StringComparison.Ordinal);
        Assert.Equal(goodCommands.Select(c => (c.CommandId, 1L)), await server.CommandsWrittenAsync(device.TenantId));
    }

    [Fact]
    public async Task a_refused_device_credential_stops_delivery_and_refuses_no_command()
    {
        var device = await server.DeviceAsync();
        await using var queue = await OfflineQueue.OpenAsync(_data.Path, None);
        var check = Guid.NewGuid().ToString();
        await queue.EnqueueAsync(await CardReadAsync(device, check), DateTimeOffset.UtcNow, None);
        await queue.EnqueueAsync(Visual(check), DateTimeOffset.UtcNow, None);

        var report = await new QueueDeliverer(queue).DeliverAsync(server.Client(), device with { Token = "myna_dev_" + new string('z', 40) }, None);

        Assert.Equal((0, 0, 2, DeliveryStop.CredentialRefused), (report.Delivered, report.Refused, report.Pending, report.Stop));
        Assert.Contains("401", report.StopReason, StringComparison.Ordinal);
    }
}
