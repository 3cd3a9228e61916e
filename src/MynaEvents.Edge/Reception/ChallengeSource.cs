using MynaEvents.Edge.Queue;
using MynaEvents.Edge.ServerApi;

namespace MynaEvents.Edge.Reception;

/// <summary>
/// The challenge a card signs in PIN mode: a fresh one from the server when it answers, else one
/// of the device's stock of pre-issued single-use challenges (home visits, outages). Either way
/// the server accepts a signature once, from this device, before the challenge expires; a check
/// queued longer than the stock's lifetime is refused when it arrives.
/// </summary>
public sealed class ChallengeSource(MynaServerClient server, DeviceCredential device, OfflineQueue queue, TimeProvider time)
{
    // A top-up whose answer did not arrive is asked again under the same command id, so the
    // challenges it added reach the stock instead of filling the server's cap unseen.
    private Guid? _pendingTopUp;

    /// <summary>A challenge, or null when the server is out of reach and the stock is empty.</summary>
    public async Task<(IssuedChallenge Challenge, bool FromStock)?> NextAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await server.IssueChallengeAsync(device, Guid.NewGuid(), cancellationToken), false);
        }
        catch (ServerUnreachableException)
        {
            var stocked = await queue.TakeChallengeAsync(time.GetUtcNow(), cancellationToken);
            return stocked is null ? null : (stocked, true);
        }
    }

    /// <summary>Tops the stock up while the server answers; returns how many the stock now holds.</summary>
    public async Task<int> RefillAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await queue.PurgeExpiredChallengesAsync(now, cancellationToken);
        var commandId = _pendingTopUp ??= Guid.NewGuid();
        var added = await server.TopUpOfflineChallengesAsync(device, commandId, cancellationToken);
        await queue.StoreChallengesAsync(added, cancellationToken);
        _pendingTopUp = null;
        return await queue.CountChallengesAsync(now, cancellationToken);
    }
}
