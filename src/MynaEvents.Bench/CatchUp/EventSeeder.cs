using System.Diagnostics;
using MynaEvents.EventStore;
using Npgsql;

namespace MynaEvents.Bench.CatchUp;

/// <summary>
/// Pre-writes the events the catch-up benchmark reads, server-side and fast, but shaped like
/// appended history: many transactions (so many transaction ids, as the global order has in
/// production), 1,000 streams with contiguous versions, and payloads of the registered bench
/// event type that the daemon can deserialise.
/// </summary>
internal static class EventSeeder
{
    public const int RowsPerTransaction = 10_000;
    public const int Streams = 1_000;

    // Event g goes to stream g % Streams as its version g / Streams + 1; rows are inserted in g
    // order, so within each stream versions grow with (tx_id, seq) as real appends would.
    private const string InsertSql = """
        insert into myna.events (tenant_id, stream_id, version, event_type, data, occurred_at)
        select $3,
               'catchup-' || lpad((g % $4)::text, 4, '0'),
               g / $4 + 1,
               $5,
               jsonb_build_object(
                   'clinicId',    'clinic-' || lpad((g % 40)::text, 4, '0'),
                   'patientId',   'patient-' || lpad((g % 100000)::text, 6, '0'),
                   'deviceId',    'edge-' || lpad((g % 12)::text, 2, '0'),
                   'observation', $6::text,
                   'note',        $7::text || g,
                   'amount',      g % 1000),
               now()
          from generate_series($1::bigint, $2::bigint) as g
         order by g
        """;

    // Stream s holds the events s, s + Streams, s + 2 * Streams, ... below the total.
    private const string StreamsSql = """
        insert into myna.streams (tenant_id, stream_id, stream_type, version)
        select $1, 'catchup-' || lpad(s::text, 4, '0'), 'bench', ($2 - 1 - s) / $3 + 1
          from generate_series(0::bigint, least($3, $2) - 1) as s
        """;

    /// <summary>Empties the store, writes <paramref name="count"/> events, and returns the last one's position.</summary>
    public static async Task<Position> SeedAsync(BenchDatabase database, int count, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await database.ExecuteAsync(
            "truncate myna.events, myna.streams, myna.commands, myna.projection_checkpoints", ct);

        // Each command runs in its own (implicit) transaction, so each chunk gets its own tx_id.
        for (long first = 0; first < count; first += RowsPerTransaction)
        {
            var last = Math.Min(first + RowsPerTransaction, count) - 1;
            await database.ExecuteAsync(InsertSql, ct,
                new NpgsqlParameter<long> { TypedValue = first },
                new NpgsqlParameter<long> { TypedValue = last },
                new NpgsqlParameter<string> { TypedValue = BenchEvents.Tenant },
                new NpgsqlParameter<long> { TypedValue = Streams },
                new NpgsqlParameter<string> { TypedValue = BenchEvents.TypeName },
                new NpgsqlParameter<string> { TypedValue = BenchEvents.Observation },
                new NpgsqlParameter<string> { TypedValue = BenchEvents.NotePrefix });
        }
        await database.ExecuteAsync(StreamsSql, ct,
            new NpgsqlParameter<string> { TypedValue = BenchEvents.Tenant },
            new NpgsqlParameter<long> { TypedValue = count },
            new NpgsqlParameter<long> { TypedValue = Streams });
        var written = Stopwatch.GetElapsedTime(started);

        // Readers then see settled tables with fresh statistics and visibility maps, and a
        // checkpoint now keeps the seeding's WAL from being flushed during the measurement.
        await database.ExecuteAsync("vacuum analyze myna.events", ct);
        await database.ExecuteAsync("vacuum analyze myna.streams", ct);
        await TryCheckpointAsync(database, ct);

        Console.WriteLine(FormattableString.Invariant(
            $"catch-up: wrote {count:N0} events in {(count + RowsPerTransaction - 1) / RowsPerTransaction} transactions in {written.TotalSeconds:F1} s; vacuumed in {(Stopwatch.GetElapsedTime(started) - written).TotalSeconds:F1} s"));

        await using var command = database.DataSource.CreateCommand(
            "select tx_id, seq from myna.events order by tx_id desc, seq desc limit 1");
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("Seeding wrote no events.");
        return new Position(reader.GetFieldValue<ulong>(0), reader.GetInt64(1));
    }

    private static async Task TryCheckpointAsync(BenchDatabase database, CancellationToken ct)
    {
        try
        {
            await database.ExecuteAsync("checkpoint", ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            Console.WriteLine("catch-up: no privilege to CHECKPOINT; a background checkpoint may overlap the measurement");
        }
    }
}
