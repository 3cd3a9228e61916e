using System.Diagnostics;
using System.Text.Json;
using MynaEvents.EventStore;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Bench.CatchUp;

/// <summary>
/// The raw side of the catch-up benchmark: a plain Npgsql loop that does what the daemon does
/// for one projection and nothing more. Per batch, in one transaction: read the next events
/// in global order (the store's ReadAll query, every column), deserialise each payload (the
/// amount lives in it), COPY the rows, move a checkpoint row, commit.
/// </summary>
internal sealed class RawCatchUp(NpgsqlDataSource dataSource, JsonSerializerOptions json, int batchSize)
{
    public const string Table = "bench.raw_projection";

    /// <summary>The same shape as the store's Reading/ReadAll.sql with its column list (Reading/EventRows.sql); the raw replay reads with it too.</summary>
    internal const string ReadSql = """
        select seq, tx_id, tenant_id, stream_id, version, event_type, data::text, command_id,
               correlation_id, causation_id, device_id, actor, occurred_at, recorded_at
          from myna.events
         where (tx_id, seq) > ($1::xid8, $2)
           and tx_id < pg_snapshot_xmin(pg_current_snapshot())
         order by tx_id, seq
         limit $3
        """;

    private static readonly string CheckpointSql = CheckpointSqlFor("raw");

    /// <summary>Moves the raw loop's checkpoint row <paramref name="name"/>, as the daemon moves its own.</summary>
    internal static string CheckpointSqlFor(string name) => $"""
        update bench.raw_checkpoint
           set tx_id = $1, seq = $2, events_applied = events_applied + $3, updated_at = now()
         where name = '{name}'
        """;

    /// <summary>Applies every event up to <paramref name="last"/>; returns the elapsed time.</summary>
    public async Task<TimeSpan> RunAsync(Position last, TimeSpan timeout, CancellationToken ct)
    {
        await using (var reset = dataSource.CreateCommand(
            $"truncate {Table}; insert into bench.raw_checkpoint (name) values ('raw') on conflict (name) do update set tx_id = '0', seq = 0, events_applied = 0"))
            await reset.ExecuteNonQueryAsync(ct);

        var started = Stopwatch.GetTimestamp();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var position = Position.Start;
        while (position < last)
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var events = await ReadAsync(connection, transaction, position, ct);
            if (events.Count == 0)
            {
                // Only while a transaction older than the last event runs somewhere on the cluster.
                await transaction.RollbackAsync(ct);
                if (Stopwatch.GetElapsedTime(started) > timeout)
                    throw new TimeoutException($"The raw catch-up loop stalled at {position} before {last}.");
                await Task.Delay(50, ct);
                continue;
            }

            var rows = new ProjectedRow[events.Count];
            for (var i = 0; i < rows.Length; i++)
            {
                var e = events[i];
                var data = JsonSerializer.Deserialize<BenchEventRecorded>(e.Data, json)
                    ?? throw new JsonException($"Event {e.Seq} has a null payload.");
                rows[i] = new ProjectedRow(e.Seq, e.StreamId, e.EventType, data.Amount);
            }
            await ProjectedRows.CopyAsync(connection, Table, rows, ct);

            position = new Position(events[^1].TxId, events[^1].Seq);
            await using (var checkpoint = new NpgsqlCommand(CheckpointSql, connection, transaction))
            {
                checkpoint.Parameters.Add(new NpgsqlParameter<ulong> { NpgsqlDbType = NpgsqlDbType.Xid8, TypedValue = position.TransactionId });
                checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position.Sequence });
                checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = events.Count });
                await checkpoint.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
        }
        return Stopwatch.GetElapsedTime(started);
    }

    private async Task<List<RawEvent>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Position after,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(ReadSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<ulong> { NpgsqlDbType = NpgsqlDbType.Xid8, TypedValue = after.TransactionId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after.Sequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = batchSize });
        var events = new List<RawEvent>(batchSize);
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            events.Add(new RawEvent(
                r.GetInt64(0), r.GetFieldValue<ulong>(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetString(5),
                r.GetString(6), r.IsDBNull(7) ? null : r.GetGuid(7), r.IsDBNull(8) ? null : r.GetString(8),
                r.IsDBNull(9) ? null : r.GetString(9), r.IsDBNull(10) ? null : r.GetString(10),
                r.IsDBNull(11) ? null : r.GetString(11), r.GetFieldValue<DateTimeOffset>(12), r.GetFieldValue<DateTimeOffset>(13)));
        return events;
    }

    /// <summary>Every column of an event row, read as the store reads it (so both sides pay for the same bytes).</summary>
    private sealed record RawEvent(long Seq, ulong TxId, string TenantId, string StreamId, long Version, string EventType,
        string Data, Guid? CommandId, string? CorrelationId, string? CausationId, string? DeviceId, string? Actor,
        DateTimeOffset OccurredAt, DateTimeOffset RecordedAt);
}
