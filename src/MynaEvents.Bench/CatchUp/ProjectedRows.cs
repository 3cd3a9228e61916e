using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Bench.CatchUp;

/// <summary>One row of the catch-up read model: the same four columns for the raw loop and the daemon.</summary>
internal readonly record struct ProjectedRow(long Seq, string StreamId, string EventType, int Amount);

/// <summary>Writes read-model rows with binary COPY: the fastest way into PostgreSQL, used by both sides alike.</summary>
internal static class ProjectedRows
{
    public static async Task CopyAsync(NpgsqlConnection connection, string table, IReadOnlyList<ProjectedRow> rows,
        CancellationToken ct)
    {
        // COPY runs inside the connection's open transaction, so the rows commit with the checkpoint.
        await using var importer = await connection.BeginBinaryImportAsync(
            $"copy {table} (seq, stream_id, event_type, amount) from stdin (format binary)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(row.Seq, NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(row.StreamId, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(row.EventType, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(row.Amount, NpgsqlDbType.Integer, ct);
        }
        await importer.CompleteAsync(ct);
    }
}
