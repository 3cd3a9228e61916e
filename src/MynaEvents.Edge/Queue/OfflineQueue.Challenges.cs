using System.Globalization;
using MynaEvents.Edge.ServerApi;

namespace MynaEvents.Edge.Queue;

// Pre-issued PIN challenges (暗証番号 mode while the server is unreachable). A challenge is
// handed out at most once, ever: taking it marks it taken in the same transaction that reads it,
// and a taken id stays (without its nonce) until it expires, so storing it again does nothing.
public sealed partial class OfflineQueue
{
    /// <summary>Keeps challenges the server issued ahead; ones already known (even if taken) are ignored. Returns how many were new.</summary>
    public Task<int> StoreChallengesAsync(IEnumerable<IssuedChallenge> challenges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenges);
        var list = challenges.ToList();
        return RunAsync(async connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var stored = 0;
            foreach (var challenge in list)
                stored += await ExecuteAsync(connection, transaction, QueueSql.StoreChallenge,
                    [("$challengeId", challenge.ChallengeId.ToString("D")), ("$nonce", challenge.Nonce), ("$expiresAt", Millis(challenge.ExpiresAt))],
                    cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return stored;
        }, cancellationToken);
    }

    /// <summary>
    /// Takes the unexpired challenge that expires first, or null when none is left. To leave the
    /// patient time to enter the PIN, pass a <paramref name="now"/> moved ahead by that time.
    /// </summary>
    public Task<IssuedChallenge?> TakeChallengeAsync(DateTimeOffset now, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        IssuedChallenge? next = null;
        await using (var command = Command(connection, transaction, QueueSql.NextChallenge, [("$now", Millis(now))]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            if (await reader.ReadAsync(cancellationToken))
                next = new IssuedChallenge(Guid.ParseExact(reader.GetString(0), "D"), reader.GetString(1), Time(reader.GetInt64(2)));
        if (next is not null
            && await ExecuteAsync(connection, transaction, QueueSql.TakeChallenge,
                [("$challengeId", next.ChallengeId.ToString("D")), ("$now", Millis(now))], cancellationToken) != 1)
            throw new InvalidOperationException("A challenge read under the write lock was taken by someone else.");
        await transaction.CommitAsync(cancellationToken);
        return next;
    }, cancellationToken);

    /// <summary>How many challenges can still be taken at <paramref name="now"/>.</summary>
    public Task<int> CountChallengesAsync(DateTimeOffset now, CancellationToken cancellationToken) => RunAsync(async connection =>
        Convert.ToInt32(await ScalarAsync(connection, null, QueueSql.CountChallenges, [("$now", Millis(now))], cancellationToken), CultureInfo.InvariantCulture),
        cancellationToken);

    /// <summary>Deletes expired challenges, taken or not (the server refuses them anyway); returns how many.</summary>
    public Task<int> PurgeExpiredChallengesAsync(DateTimeOffset now, CancellationToken cancellationToken) => RunAsync(async connection =>
        await ExecuteAsync(connection, null, QueueSql.PurgeExpiredChallenges, [("$now", Millis(now))], cancellationToken), cancellationToken);
}
