using MynaEvents.Edge.Jpki;
using MynaEvents.Edge.Pcsc;
using MynaEvents.Edge.Queue;
using MynaEvents.Edge.Screen;
using MynaEvents.Edge.ServerApi;
using Microsoft.Extensions.Logging;

namespace MynaEvents.Edge.Reception;

/// <summary>How one check at reception ended, as far as the edge knows.</summary>
public enum CheckEnd
{
    /// <summary>The server answered the lookup; <see cref="CheckResult.Answer"/> holds the outcome.</summary>
    Answered,
    /// <summary>The server is out of reach: the check is queued on disk and will be sent by itself.</summary>
    Pending,
    /// <summary>The server refused the check (the screen says why).</summary>
    Refused,
    /// <summary>The card or the PIN stopped the check before anything was queued.</summary>
    CardStopped,
}

public sealed record CheckResult(CheckEnd End, string? VerificationId, VerificationResponse? Answer, CardProblem? Problem);

/// <summary>
/// One reception desk: waits for a card, runs the card's part, queues the check's three commands
/// (card read, identity, lookup) together on disk, then delivers what is queued, in order. The
/// queue comes first even when the server is up, so a check reception saw is never lost to a
/// crash or a dropped connection; the command ids make a second delivery harmless. Each exchange
/// with the card may take at most <paramref name="cardExchangeTimeout"/>
/// (<see cref="PcscCard.DefaultExchangeTimeout"/> when null).
/// </summary>
public sealed class ReceptionDesk(
    PcscContext pcsc, OfflineQueue queue, MynaServerClient server, DeviceCredential device, ReceptionScreen screen,
    IReceptionDisplay display, IPinPad pinPad, TimeProvider time, ILogger<ReceptionDesk> logger, TimeSpan? cardExchangeTimeout = null)
{
    private readonly ChallengeSource _challenges = new(server, device, queue, time);
    private readonly QueueDeliverer _deliverer = new(queue);
    private readonly CardReading _card = new(screen, display, pinPad, cardExchangeTimeout ?? PcscCard.DefaultExchangeTimeout);

    /// <summary>Waits for a card in <paramref name="readerName"/> (or any reader) and runs one check.</summary>
    public async Task<CheckResult> CheckAsync(string? readerName, IdentityChoice mode, string staffId, TimeSpan cardWait, CancellationToken cancellationToken)
    {
        CardEvidence evidence;
        try
        {
            // A configured reader that is not there fails now, naming the ones that are, rather
            // than after the whole card wait as "no card".
            if (readerName is not null)
                ReaderChoice.EnsureConnected(await Task.Run(pcsc.GetSnapshot, cancellationToken), readerName);
            var reader = await pcsc.WaitForCardAsync(readerName, cardWait, cancellationToken)
                ?? throw new CardException(CardProblem.NoCard, "No card was put on the reader in time.");
            evidence = await _card.ReadAsync(reader, mode, NextChallengeAsync, cancellationToken);
        }
        catch (CardException problem)
        {
            logger.LogWarning("Card step stopped: {Problem}", problem.Problem);
            display.Show(screen.CardProblem(problem));
            return new CheckResult(CheckEnd.CardStopped, null, null, problem.Problem);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            display.Show(screen.PinDeclined());
            return new CheckResult(CheckEnd.CardStopped, null, null, null);
        }
        return await SubmitAsync(evidence, staffId, cancellationToken);
    }

    /// <summary>Queues the check's commands in one durable step, then delivers.</summary>
    public async Task<CheckResult> SubmitAsync(CardEvidence evidence, string staffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var verificationId = Guid.CreateVersion7().ToString("D");
        var now = time.GetUtcNow();
        var identity = evidence.Signature is { } signature && evidence.Challenge is { } challenge
            ? IdentityRequest.Pin(staffId, now, challenge.ChallengeId, signature, evidence.CertificateDer)
            : IdentityRequest.Visual(staffId, now);
        await queue.EnqueueCheckAsync(
        [
            OutgoingCommand.CardRead(verificationId, CardReadRequest.Create(device.FacilityId, now, evidence.CertificateDer, evidence.ReaderSupportsExtendedApdu, evidence.ReaderName)),
            OutgoingCommand.Identity(verificationId, identity),
            OutgoingCommand.Lookup(verificationId, LookupRequest.Create()),
        ], now, cancellationToken);
        logger.LogInformation("Check {VerificationId} queued", verificationId);
        return await DeliverAsync(verificationId, cancellationToken);
    }

    /// <summary>Sends what is queued, in order, as far as the server lets it.</summary>
    public Task<DeliveryReport> DeliverQueuedAsync(CancellationToken cancellationToken) =>
        _deliverer.DeliverAsync(server, device, cancellationToken);

    /// <summary>Sends what is queued; shows this check's outcome, or that it is pending.</summary>
    public async Task<CheckResult> DeliverAsync(string verificationId, CancellationToken cancellationToken)
    {
        var report = await DeliverQueuedAsync(cancellationToken);
        if (report.Latest.TryGetValue(verificationId, out var answer) && !IsHalfway(answer))
        {
            display.Show(screen.Verification(answer));
            return new CheckResult(CheckEnd.Answered, verificationId, answer, null);
        }
        var refused = await queue.ListRefusedAsync(100, cancellationToken);
        if (refused.FirstOrDefault(r => r.VerificationId == verificationId) is { } mine)
        {
            display.Show(screen.Refused(mine));
            return new CheckResult(CheckEnd.Refused, verificationId, null, null);
        }
        display.Show(screen.Pending(report.Pending));
        return new CheckResult(CheckEnd.Pending, verificationId, null, null);
    }

    /// <summary>Tops up the offline challenge stock; quietly does nothing while the server is out of reach.</summary>
    public async Task<int?> RefillChallengesAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _challenges.RefillAsync(cancellationToken);
        }
        catch (ServerUnreachableException)
        {
            return null;
        }
    }

    private async Task<IssuedChallenge> NextChallengeAsync(CancellationToken cancellationToken) =>
        (await _challenges.NextAsync(cancellationToken))?.Challenge
        ?? throw new CardException(CardProblem.NoChallenge,
            "The server is out of reach and no pre-issued challenge is left: check the identity visually (目視) instead.");

    private static bool IsHalfway(VerificationResponse answer) =>
        answer.Status is VerificationStatuses.CardRead or VerificationStatuses.IdentityVerified or VerificationStatuses.NotStarted;
}
