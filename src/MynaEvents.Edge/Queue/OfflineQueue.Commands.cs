namespace MynaEvents.Edge.Queue;

// The queued commands: enqueue, read in order, and settle each one as delivered or refused.
public sealed partial class OfflineQueue
{
    /// <summary>
    /// Queues a command and returns its sequence number once the commit is on disk. Queuing the
    /// same command id again changes nothing and returns the first one's number.
    /// </summary>
    public async Task<long> EnqueueAsync(OutgoingCommand command, DateTimeOffset enqueuedAt, CancellationToken cancellationToken) =>
        (await EnqueueCheckAsync([command], enqueuedAt, cancellationToken))[0];

    /// <summary>
    /// Queues a check's commands (card read, identity, lookup) in one transaction, in the order
    /// given: all of them are on disk when this returns, or none is. Returns their sequence numbers.
    /// </summary>
    public Task<IReadOnlyList<long>> EnqueueCheckAsync(IReadOnlyList<OutgoingCommand> commands, DateTimeOffset enqueuedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        foreach (var command in commands)
        {
            ArgumentNullException.ThrowIfNull(command, nameof(commands));
            ArgumentException.ThrowIfNullOrWhiteSpace(command.VerificationId, nameof(commands));
        }
        return RunAsync<IReadOnlyList<long>>(async connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var seqs = new List<long>(commands.Count);
            foreach (var command in commands)
            {
                var commandId = command.CommandId.ToString("D");
                await ExecuteAsync(connection, transaction, QueueSql.Enqueue,
                [
                    ("$commandId", commandId), ("$verificationId", command.VerificationId), ("$kind", QueuedCommandKinds.Name(command.Kind)),
                    ("$payload", command.Payload), ("$enqueuedAt", Millis(enqueuedAt)),
                ], cancellationToken);
                seqs.Add((long)(await ScalarAsync(connection, transaction, QueueSql.SeqOfCommand, [("$commandId", commandId)], cancellationToken))!);
            }
            await transaction.CommitAsync(cancellationToken);
            return seqs;
        }, cancellationToken);
    }

    /// <summary>Up to <paramref name="limit"/> pending commands, oldest first: the order they must reach the server in.</summary>
    public Task<IReadOnlyList<QueuedCommand>> PeekPendingAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return RunAsync<IReadOnlyList<QueuedCommand>>(async connection =>
        {
            await using var command = Command(connection, null, QueueSql.PeekPending, [("$limit", limit)]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var items = new List<QueuedCommand>();
            while (await reader.ReadAsync(cancellationToken))
                items.Add(new QueuedCommand(reader.GetInt64(0), Guid.ParseExact(reader.GetString(1), "D"), reader.GetString(2),
                    QueuedCommandKinds.Parse(reader.GetString(3)), reader.GetString(4), Time(reader.GetInt64(5)), reader.GetInt32(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
            return items;
        }, cancellationToken);
    }

    public Task<int> CountPendingAsync(CancellationToken cancellationToken) => RunAsync(async connection =>
        Convert.ToInt32(await ScalarAsync(connection, null, QueueSql.CountPending, [], cancellationToken), System.Globalization.CultureInfo.InvariantCulture),
        cancellationToken);

    /// <summary>The server accepted the command: the row goes, and with it the certificate or signature it carried.</summary>
    public Task<bool> MarkDeliveredAsync(long seq, CancellationToken cancellationToken) => RunAsync(async connection =>
        await ExecuteAsync(connection, null, QueueSql.Delete, [("$seq", seq)], cancellationToken) == 1, cancellationToken);

    /// <summary>A try that did not reach the server: counted, and the reason kept for the screen; the command stays pending.</summary>
    public Task<bool> RecordFailedAttemptAsync(long seq, string error, CancellationToken cancellationToken) => RunAsync(async connection =>
        await ExecuteAsync(connection, null, QueueSql.RecordAttempt, [("$seq", seq), ("$error", error)], cancellationToken) == 1, cancellationToken);

    /// <summary>The server refused the command: it is kept as refused, with the reason and without its payload.</summary>
    public Task<bool> MarkRefusedAsync(long seq, string reason, CancellationToken cancellationToken) => RunAsync(async connection =>
        await ExecuteAsync(connection, null, QueueSql.Refuse, [("$seq", seq), ("$reason", reason)], cancellationToken) == 1, cancellationToken);

    /// <summary>
    /// Refuses the command and every later pending command of the same check (they build on it),
    /// in one transaction; returns how many were refused.
    /// </summary>
    public Task<int> MarkRefusedWithRestOfVerificationAsync(long seq, string reason, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var refused = await ExecuteAsync(connection, transaction, QueueSql.Refuse, [("$seq", seq), ("$reason", reason)], cancellationToken);
        if (refused == 1)
            refused += await ExecuteAsync(connection, transaction, QueueSql.RefuseLaterOfVerification,
                [("$seq", seq), ("$reason", $"an earlier command of this check was refused: {reason}")], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return refused;
    }, cancellationToken);

    /// <summary>Refused commands, oldest first, for the screen to show until staff dismiss them.</summary>
    public Task<IReadOnlyList<RefusedCommand>> ListRefusedAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return RunAsync<IReadOnlyList<RefusedCommand>>(async connection =>
        {
            await using var command = Command(connection, null, QueueSql.ListRefused, [("$limit", limit)]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var items = new List<RefusedCommand>();
            while (await reader.ReadAsync(cancellationToken))
                items.Add(new RefusedCommand(reader.GetInt64(0), Guid.ParseExact(reader.GetString(1), "D"), reader.GetString(2),
                    QueuedCommandKinds.Parse(reader.GetString(3)), Time(reader.GetInt64(4)), reader.IsDBNull(5) ? "" : reader.GetString(5)));
            return items;
        }, cancellationToken);
    }

    /// <summary>Staff have seen a refused command: it is deleted.</summary>
    public Task<bool> DismissRefusedAsync(long seq, CancellationToken cancellationToken) => RunAsync(async connection =>
        await ExecuteAsync(connection, null, QueueSql.DismissRefused, [("$seq", seq)], cancellationToken) == 1, cancellationToken);

}
