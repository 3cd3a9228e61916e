using Npgsql;

namespace MynaEvents.Server.Privacy.Sweeping;

/// <summary>
/// One retention pass: destroys every data key whose 翌月末 has passed (crypto-shredding),
/// then lets every <see cref="IRetentionParticipant"/> drop the plaintext copies it keeps,
/// all up to the same instant. At most one process in the whole cluster sweeps at a time.
/// </summary>
/// <remarks>
/// Reads never wait for a sweep: they apply the deadline themselves. The sweep is what makes
/// the deadline hold in the database's bytes too, so that a dump made afterwards is clean.
/// </remarks>
public sealed class RetentionSweeper(
    NpgsqlDataSource dataSource,
    PersonalDataProtector protector,
    IEnumerable<IRetentionParticipant> participants,
    ILogger<RetentionSweeper> logger)
{
    /// <summary>
    /// The advisory lock's class: 0x4D594E00 ("MYN\0") plus 4, next after the schema migrator
    /// (+0), the append locks (+1, +2) and projection leadership (+3).
    /// </summary>
    public const int LockClass = 1297698308;
    public const int LockObject = 0;

    // A transaction-level lock is released by PostgreSQL whatever happens to this process:
    // commit, rollback, a dropped connection. A session lock on a pooled connection could
    // outlive a crash of the pass and go back to the pool still held.
    private const string TryLockSql = "select pg_try_advisory_xact_lock($1, $2)";

    private readonly IRetentionParticipant[] _participants = [.. participants];

    /// <summary>
    /// Sweeps up to <paramref name="now"/>, or returns null at once when another process is
    /// sweeping (its pass covers the same deadlines). A participant that throws is logged and
    /// reported, and the others still run: one broken view must not keep the rest readable.
    /// </summary>
    public async Task<RetentionSweepReport?> TrySweepAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // The holding transaction does nothing but hold the lock: it writes nothing, so it has
        // no transaction id, and between statements under READ COMMITTED it holds no snapshot.
        // It therefore holds back neither VACUUM nor the projections' high-water mark, however
        // long the pass. The work itself runs in the short transactions of each step.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await TryLockAsync(connection, transaction, cancellationToken))
        {
            RetentionTelemetry.Sweeps.Add(1, new KeyValuePair<string, object?>("outcome", "skipped"));
            logger.LogInformation("Retention sweep skipped: another process is sweeping");
            return null;
        }

        var keys = await protector.ShredDueAsync(now, cancellationToken);
        RetentionTelemetry.KeysShredded.Add(keys);
        var results = new List<ParticipantSweep>(_participants.Length);
        foreach (var participant in _participants)
            results.Add(await DropAsync(participant, now, cancellationToken));
        await transaction.CommitAsync(cancellationToken);

        var report = new RetentionSweepReport(now, keys, results);
        RetentionTelemetry.Sweeps.Add(1, new KeyValuePair<string, object?>("outcome", report.Complete ? "complete" : "incomplete"));
        logger.LogInformation(
            "Retention sweep up to {Now:o}: {KeysShredded} data keys shredded, {RowsDropped} view rows dropped by {Participants} participants, {Failed} failed",
            now, keys, results.Sum(r => r.RowsDropped), results.Count, results.Count(r => r.Failure is not null));
        return report;
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TryLockSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = LockClass });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = LockObject });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private async Task<ParticipantSweep> DropAsync(IRetentionParticipant participant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var rows = await participant.DropExpiredAsync(now, cancellationToken);
            logger.LogInformation("Retention participant {Participant} dropped {Rows} expired rows", participant.Name, rows);
            return new ParticipantSweep(participant.Name, rows);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Type only: a database error's message can quote the row it failed on.
            logger.LogError("Retention participant {Participant} failed with {ExceptionType}; it is retried on the next sweep",
                participant.Name, exception.GetType().FullName);
            return new ParticipantSweep(participant.Name, 0, exception.GetType().Name);
        }
    }
}
