using System.Collections.Concurrent;
using MynaEvents.Edge.Queue;
using MynaEvents.Edge.ServerApi;

namespace MynaEvents.Edge.Tests.Queue;

/// <summary>Pre-issued PIN challenges: each handed out at most once, never after it expired.</summary>
public sealed class PinChallengeStockTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 30, 0, TimeSpan.FromHours(9));
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static IssuedChallenge Challenge(TimeSpan expiresIn) =>
        new(Guid.NewGuid(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), Now + expiresIn);

    [Fact]
    public async Task the_challenge_that_expires_first_is_taken_first_and_only_once()
    {
        await using var queue = await OfflineQueue.OpenAsync(_data.Path, None);
        var later = Challenge(TimeSpan.FromMinutes(2));
        var sooner = Challenge(TimeSpan.FromMinutes(1));
        await queue.StoreChallengesAsync([later, sooner], None);

        var first = await queue.TakeChallengeAsync(Now, None);
        var second = await queue.TakeChallengeAsync(Now, None);
        var none = await queue.TakeChallengeAsync(Now, None);

        Assert.Equal(sooner, first);
        Assert.Equal(later, second);
        Assert.Null(none);
    }

    [Fact]
    public async Task an_expired_challenge_is_never_handed_out_and_is_purged()
    {
        await using var queue = await OfflineQueue.OpenAsync(_data.Path, None);
        var expired = Challenge(TimeSpan.FromSeconds(-1));
        var expiringNow = Challenge(TimeSpan.Zero);
        var fresh = Challenge(TimeSpan.FromMinutes(2));
        await queue.StoreChallengesAsync([expired, expiringNow, fresh], None);

        Assert.Equal(1, await queue.CountChallengesAsync(Now, None));
        Assert.Equal(fresh, await queue.TakeChallengeAsync(Now, None));
        Assert.Null(await queue.TakeChallengeAsync(Now, None));
        Assert.Equal(0, await queue.CountChallengesAsync(Now, None));

        Assert.Equal(2, await queue.PurgeExpiredChallengesAsync(Now, None));
        // Once its time has come, the taken one goes too.
        Assert.Equal(1, await queue.PurgeExpiredChallengesAsync(Now.AddMinutes(3), None));
    }

    [Fact]
    public async Task a_taken_challenge_stored_again_is_not_handed_out_again()
    {
        await using var queue = await OfflineQueue.OpenAsync(_data.Path, None);
        var challenge = Challenge(TimeSpan.FromMinutes(2));
        await queue.StoreChallengesAsync([challenge], None);
        Assert.Equal(challenge, await queue.TakeChallengeAsync(Now, None));

        Assert.Equal(0, await queue.StoreChallengesAsync([challenge], None));

        Assert.Null(await queue.TakeChallengeAsync(Now, None));
        Assert.Equal([0L], await OfflineQueueTests.RowsAsync(queue.FilePath, "SELECT count(*) FROM pin_challenges WHERE nonce IS NOT NULL"));
    }

    [Fact]
    public async Task concurrent_takers_on_two_connections_never_get_the_same_challenge()
    {
        await using var one = await OfflineQueue.OpenAsync(_data.Path, None);
        await using var two = await OfflineQueue.OpenAsync(_data.Path, None);
        var stock = Enumerable.Range(0, 200).Select(i => Challenge(TimeSpan.FromMinutes(2) + TimeSpan.FromMilliseconds(i))).ToList();
        await one.StoreChallengesAsync(stock, None);

        var taken = new ConcurrentBag<IssuedChallenge>();
        async Task TakeAllAsync(OfflineQueue queue)
        {
            while (await queue.TakeChallengeAsync(Now, None) is { } challenge) taken.Add(challenge);
        }
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => TakeAllAsync(i % 2 == 0 ? one : two))));

        Assert.Equal(stock.Count, taken.Count);
        Assert.Equal(stock.Select(c => c.ChallengeId).Order(), taken.Select(c => c.ChallengeId).Order());
        Assert.Equal(0, await two.CountChallengesAsync(Now, None));
    }

    [Fact]
    public async Task taken_challenges_stay_taken_after_the_file_is_reopened()
    {
        var challenges = new[] { Challenge(TimeSpan.FromMinutes(1)), Challenge(TimeSpan.FromMinutes(2)) };
        await using (var queue = await OfflineQueue.OpenAsync(_data.Path, None))
        {
            await queue.StoreChallengesAsync(challenges, None);
            await queue.TakeChallengeAsync(Now, None);
        }

        await using var reopened = await OfflineQueue.OpenAsync(_data.Path, None);

        Assert.Equal(1, await reopened.CountChallengesAsync(Now, None));
        Assert.Equal(challenges[1], await reopened.TakeChallengeAsync(Now, None));
    }
}
