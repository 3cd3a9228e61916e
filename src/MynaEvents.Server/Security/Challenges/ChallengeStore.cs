using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Server.Security.Challenges;

/// <summary>What consuming a challenge found; <see cref="Nonce"/> is set only when this call consumed it.</summary>
internal sealed record ConsumedChallenge(string TenantId, string DeviceId, bool Expired, bool UsedBefore, byte[]? Nonce);

/// <summary>A challenge as issued: its id, its nonce and when it expires.</summary>
internal sealed record IssuedChallenge(Guid ChallengeId, byte[] Nonce, DateTimeOffset ExpiresAt);

/// <summary>PIN-mode challenges: issued to one device, consumed at most once.</summary>
internal sealed class ChallengeStore(NpgsqlDataSource dataSource)
{
    /// <summary>Expired challenges stay this long so that a late answer hears "expired", not "unknown".</summary>
    public static readonly TimeSpan KeptAfterExpiry = TimeSpan.FromHours(1);

    // Issuing also clears the device's long-expired challenges, so the table stays as small as
    // the number of devices at work, with no sweeper to run.
    private const string IssueSql = """
        with purged as (
            delete from myna.security_challenges
            where tenant_id = $2 and device_id = $3 and expires_at < $7
        )
        insert into myna.security_challenges (challenge_id, tenant_id, device_id, nonce, issued_at, expires_at)
        values ($1, $2, $3, $4, $5, $6)
        on conflict (challenge_id) do nothing
        """;

    // What the command issued: its challenges' ids are derived from the command id, so no other
    // command can have issued them.
    private const string IssuedSql = """
        select challenge_id, nonce, expires_at from myna.security_challenges
        where challenge_id = any($1) and tenant_id = $2 and device_id = $3
        order by array_position($1, challenge_id)
        """;

    // The update is the single-use guarantee: of two concurrent consumers, the second waits for
    // the first's row lock, re-reads consumed_at and matches nothing. The first select only
    // explains a refusal; it never decides one.
    private const string ConsumeSql = """
        with found as (
            select tenant_id, device_id, expires_at, consumed_at from myna.security_challenges where challenge_id = $1
        ), consumed as (
            update myna.security_challenges set consumed_at = $4
            where challenge_id = $1 and tenant_id = $2 and device_id = $3 and consumed_at is null and expires_at > $4
            returning nonce
        )
        select found.tenant_id, found.device_id, found.expires_at <= $4, found.consumed_at is not null, consumed.nonce
        from found left join consumed on true
        """;

    // Two concurrent top-ups of one device count one after the other: the lock is taken by its
    // own statement, so the top-up's snapshot, taken after it, sees the other's inserts.
    private const string LockDeviceSql = "select pg_advisory_xact_lock(hashtextextended('myna.challenges:' || $1 || '/' || $2, 0))";

    // Tops the device's stock of unanswered, unexpired challenges up to $6, never beyond.
    private const string TopUpSql = """
        with purged as (
            delete from myna.security_challenges
            where tenant_id = $2 and device_id = $3 and expires_at < $8
        ), outstanding as (
            select count(*) as n from myna.security_challenges
            where tenant_id = $2 and device_id = $3 and consumed_at is null and expires_at > $5
        )
        insert into myna.security_challenges (challenge_id, tenant_id, device_id, nonce, issued_at, expires_at)
        select c.id, $2, $3, c.nonce, $5, $7
          from unnest($1::uuid[], $4::bytea[]) with ordinality as c(id, nonce, n), outstanding
         where c.n <= $6 - outstanding.n
        returning challenge_id
        """;

    /// <summary>
    /// Issues up to <paramref name="candidates"/>' count of challenges, as many as the device's stock
    /// lacks, and answers them; when any candidate exists already, the command was sent before and
    /// its challenges are answered again with nothing issued.
    /// </summary>
    public async Task<(IReadOnlyList<IssuedChallenge> Challenges, bool Repeated)> TopUpAsync(IReadOnlyList<(Guid Id, byte[] Nonce)> candidates, string tenantId, string deviceId, int stock,
        DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var locking = new NpgsqlCommand(LockDeviceSql, connection, transaction))
        {
            locking.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
            locking.Parameters.Add(new NpgsqlParameter<string> { TypedValue = deviceId });
            await locking.ExecuteNonQueryAsync(cancellationToken);
        }
        var earlier = await IssuedAsync(connection, transaction, candidates.Select(c => c.Id).ToArray(), tenantId, deviceId, cancellationToken);
        if (earlier.Count > 0) return (earlier, true);
        await using var command = new NpgsqlCommand(TopUpSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. candidates.Select(c => c.Id)] });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = deviceId });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. candidates.Select(c => c.Nonce)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = stock });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = expiresAt });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now - KeptAfterExpiry });
        var issued = new HashSet<Guid>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) issued.Add(reader.GetGuid(0));
        await transaction.CommitAsync(cancellationToken);
        return ([.. candidates.Where(c => issued.Contains(c.Id)).Select(c => new IssuedChallenge(c.Id, c.Nonce, expiresAt))], false);
    }

    /// <summary>Issues the challenge unless its id exists already (a resend); either way answers the stored one.</summary>
    public async Task<(IssuedChallenge Challenge, bool Repeated)> IssueAsync(Guid challengeId, string tenantId, string deviceId, byte[] nonce,
        DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(IssueSql, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = challengeId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = deviceId });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = nonce, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = expiresAt });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now - KeptAfterExpiry });
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        var stored = await IssuedAsync(connection, null, [challengeId], tenantId, deviceId, cancellationToken);
        return stored is [var challenge]
            ? (challenge, !inserted)
            : throw new InvalidOperationException($"Challenge {challengeId} names another device's challenge.");
    }

    private static async Task<List<IssuedChallenge>> IssuedAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid[] ids,
        string tenantId, string deviceId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(IssuedSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = deviceId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<IssuedChallenge>();
        while (await reader.ReadAsync(cancellationToken))
            found.Add(new IssuedChallenge(reader.GetGuid(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<DateTimeOffset>(2)));
        return found;
    }

    /// <summary>Marks the challenge used if it belongs to this tenant and device and is unused and unexpired.</summary>
    public async Task<ConsumedChallenge?> ConsumeAsync(Guid challengeId, string tenantId, string deviceId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ConsumeSql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = challengeId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = deviceId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new ConsumedChallenge(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetBoolean(2),
            reader.GetBoolean(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4));
    }
}
