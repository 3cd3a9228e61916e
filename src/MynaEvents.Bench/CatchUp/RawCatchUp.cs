using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace MynaEvents.Bench.CatchUp;

/// <summary>
/// The raw side of the catch-up benchmark: a plain Npgsql loop that does what the daemon does
/// for one projection and nothing more. Per batch, in one transaction: read the next events of
/// Marten's table by sequence number (every column the daemon reads), deserialise each payload
/// (the amount lives in it), COPY the rows, move a checkpoint row, commit.
/// </summary>
internal sealed class RawCatchUp(NpgsqlDataSource dataSource, JsonSerializerOptions json, int batchSize)
{
    public const string Table = "bench.raw_projection";

    /// <summary>A keyset read of Marten's events in global order; the raw replay reads with it too.</summary>
    internal const string ReadSql = $"""
        select seq_id, id, stream_id, version, data::text, type, timestamp, tenant_id, mt_dotnet_type,
               correlation_id, causation_id, headers::text, is_archived
          from {BenchDatabase.Events}
         where seq_id > $1
         order by seq_id
         limit $2
        """;

    private static readonly string CheckpointSql = CheckpointSqlFor("raw");

    /// <summary>Moves the raw loop's checkpoint row <paramref name="name"/>, as the daemon moves its progress row.</summary>
    internal static string CheckpointSqlFor(string name) => $"""
        update bench.raw_checkpoint
           set seq = $1, events_applied = events_applied + $2, updated_at = now()
         where name = '{name}'
        """;

    /// <summary>Resets the checkpoint row <paramref name="name"/> and empties <paramref name="table"/>.</summary>
    internal static string ResetSqlFor(string name, string table) =>
        $"truncate {table}; insert into bench.raw_checkpoint (name) values ('{name}') on conflict (name) do update set seq = 0, events_applied = 0";

    /// <summary>Applies every event up to <paramref name="last"/>; returns the elapsed time.</summary>
    public async Task<TimeSpan> RunAsync(long last, CancellationToken ct)
    {
        await using (var reset = dataSource.CreateCommand(ResetSqlFor("raw", Table)))
            await reset.ExecuteNonQueryAsync(ct);

        var started = Stopwatch.GetTimestamp();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var position = 0L;
        while (position < last)
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var rows = new List<ProjectedRow>(batchSize);
            await using (var command = new NpgsqlCommand(ReadSql, connection, transaction))
            {
                command.Parameters.Add(Parameters.Int64(position));
                command.Parameters.Add(Parameters.Int32(batchSize));
                await using var r = await command.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    var e = RawEvent.Read(r);
                    var data = JsonSerializer.Deserialize<BenchEventRecorded>(e.Data, json)
                        ?? throw new JsonException($"Event {e.Seq} has a null payload.");
                    rows.Add(new ProjectedRow(e.Seq, e.StreamId, e.EventType, data.Amount));
                }
            }
            if (rows.Count == 0) throw new InvalidOperationException($"The raw catch-up loop found no events after {position} before {last}.");
            await ProjectedRows.CopyAsync(connection, Table, rows, ct);

            position = rows[^1].Seq;
            await using (var checkpoint = new NpgsqlCommand(CheckpointSql, connection, transaction))
            {
                checkpoint.Parameters.Add(Parameters.Int64(position));
                checkpoint.Parameters.Add(Parameters.Int64(rows.Count));
                await checkpoint.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
        }
        return Stopwatch.GetElapsedTime(started);
    }
}

/// <summary>Every column of an event row, read as the daemon reads it (so both sides pay for the same bytes).</summary>
internal sealed record RawEvent(long Seq, Guid Id, string StreamId, long Version, string Data, string EventType,
    DateTimeOffset Timestamp, string TenantId, string? DotnetType, string? CorrelationId, string? CausationId, string? Headers, bool Archived)
{
    /// <summary>Reads the current row of <see cref="RawCatchUp.ReadSql"/>.</summary>
    public static RawEvent Read(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetGuid(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetString(5),
        r.GetFieldValue<DateTimeOffset>(6), r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : r.GetString(9), r.IsDBNull(10) ? null : r.GetString(10),
        r.IsDBNull(11) ? null : r.GetString(11), !r.IsDBNull(12) && r.GetBoolean(12));
}
