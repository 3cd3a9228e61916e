using System.Diagnostics;

namespace MynaEvents.Bench.CatchUp;

/// <summary>
/// Pre-writes the events the catch-up benchmark reads into Marten's tables, server-side and
/// fast, but shaped like appended history: many transactions, 1,000 streams with contiguous
/// versions, sequence numbers from Marten's sequence without gaps (the daemon's high-water
/// mark then stands at the last event), and payloads of the registered bench event type that
/// the daemon can deserialise.
/// </summary>
internal static class EventSeeder
{
    public const int RowsPerTransaction = 10_000;
    public const int Streams = 1_000;

    // Stream s holds the events s, s + Streams, s + 2 * Streams, ... below the total. Streams come
    // first: the events' foreign key needs them.
    private const string StreamsSql = $"""
        insert into {BenchDatabase.Streams} (tenant_id, id, type, version)
        select $1, 'catchup-' || lpad(s::text, 4, '0'), null, ($2 - 1 - s) / $3 + 1
          from generate_series(0::bigint, least($3, $2) - 1) as s
        """;

    // Event g goes to stream g % Streams as its version g / Streams + 1. PostgreSQL evaluates
    // nextval after the sort, so sequence numbers follow g, as they would for real appends.
    private const string InsertSql = $"""
        insert into {BenchDatabase.Events} (seq_id, id, stream_id, version, data, type, timestamp, tenant_id,
                                            mt_dotnet_type, headers)
        select nextval('{BenchDatabase.Sequence}'),
               gen_random_uuid(),
               'catchup-' || lpad((g % $4)::text, 4, '0'),
               g / $4 + 1,
               jsonb_build_object(
                   'clinicId',    'clinic-' || lpad((g % 40)::text, 4, '0'),
                   'patientId',   'patient-' || lpad((g % 100000)::text, 6, '0'),
                   'deviceId',    'edge-' || lpad((g % 12)::text, 2, '0'),
                   'observation', $6::text,
                   'note',        $7::text || g,
                   'amount',      g % 1000),
               $5,
               now(),
               $3,
               $8,
               jsonb_build_object('command_id', gen_random_uuid(), 'occurred_at', now())
          from generate_series($1::bigint, $2::bigint) as g
         order by g
        """;

    /// <summary>Empties Marten's tables, writes <paramref name="count"/> events, and returns the last one's sequence number.</summary>
    public static async Task<long> SeedAsync(BenchDatabase database, int count, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await database.ExecuteAsync(
            $"truncate {BenchDatabase.Events}, {BenchDatabase.Streams}, {BenchDatabase.Progression}, myna.commands; " +
            // Numbers left over from the last run would be a leading gap the daemon's first high-water pass holds before.
            $"alter sequence {BenchDatabase.Sequence} restart", ct);
        await database.ExecuteAsync(StreamsSql, ct, Parameters.Text(BenchEvents.Tenant), Parameters.Int64(count), Parameters.Int64(Streams));

        // Each command runs in its own (implicit) transaction.
        for (long first = 0; first < count; first += RowsPerTransaction)
        {
            var last = Math.Min(first + RowsPerTransaction, count) - 1;
            await database.ExecuteAsync(InsertSql, ct,
                Parameters.Int64(first), Parameters.Int64(last), Parameters.Text(BenchEvents.Tenant), Parameters.Int64(Streams),
                Parameters.Text(BenchEvents.TypeName), Parameters.Text(BenchEvents.Observation), Parameters.Text(BenchEvents.NotePrefix),
                Parameters.Text(BenchEvents.DotnetType));
        }
        var written = Stopwatch.GetElapsedTime(started);

        // Readers then see settled tables with fresh statistics and visibility maps.
        await database.ExecuteAsync($"vacuum analyze {BenchDatabase.Events}", ct);
        await database.ExecuteAsync($"vacuum analyze {BenchDatabase.Streams}", ct);
        await database.TryCheckpointAsync("catch-up", ct);

        Console.WriteLine(FormattableString.Invariant(
            $"catch-up: wrote {count:N0} events in {(count + RowsPerTransaction - 1) / RowsPerTransaction} transactions in {written.TotalSeconds:F1} s; vacuumed in {(Stopwatch.GetElapsedTime(started) - written).TotalSeconds:F1} s"));
        return await database.ScalarAsync<long>($"select max(seq_id) from {BenchDatabase.Events}", ct);
    }
}
