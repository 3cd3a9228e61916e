using System.Diagnostics;
using Npgsql;

namespace MynaEvents.Bench.EndToEnd;

/// <summary>What the raw baseline did in its window.</summary>
internal sealed record BaselineResult(int Connections, long Transactions, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double PerSecond => Transactions / Elapsed.TotalSeconds;
}

/// <summary>
/// The floor under every command: N Npgsql connections, each inserting one small row per
/// transaction (autocommit, one statement, one round trip, one commit and its WAL flush) into
/// a table of the same database, for the same time and at the same concurrency as the HTTP
/// clients. A reception command cannot be cheaper than one such transaction.
/// </summary>
internal static class RawInsertBaseline
{
    public const string Description =
        "N Npgsql connections, each `insert into e2e_baseline (desk, body) values ($1, $2)` in autocommit: one statement, one transaction, one round trip";

    public static async Task CreateTableAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            create table if not exists e2e_baseline (
                id bigint generated always as identity primary key,
                desk int not null,
                body text not null,
                recorded_at timestamptz not null default now())
            """);
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<BaselineResult> RunAsync(NpgsqlDataSource dataSource, int connections, TimeSpan duration, CancellationToken ct)
    {
        var stop = new System.Runtime.CompilerServices.StrongBox<bool>(false);
        var started = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, connections).Select(i => Task.Run(() => WriteAsync(dataSource, i, stop, ct), ct)).ToList();
        await Task.Delay(duration, ct);
        Volatile.Write(ref stop.Value, true);
        var samples = await Task.WhenAll(writers);
        var elapsed = started.Elapsed;
        var all = Percentiles.Merge(samples);
        return new BaselineResult(connections, all.Length, elapsed, all);
    }

    private static async Task<List<double>> WriteAsync(NpgsqlDataSource dataSource, int desk, System.Runtime.CompilerServices.StrongBox<bool> stop, CancellationToken ct)
    {
        var samples = new List<double>(16_384);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var insert = new NpgsqlCommand("insert into e2e_baseline (desk, body) values ($1, $2)", connection);
        insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = desk });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "card read at a reception desk" });
        while (!Volatile.Read(ref stop.Value))
        {
            var t = Stopwatch.GetTimestamp();
            await insert.ExecuteNonQueryAsync(ct);
            samples.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        return samples;
    }
}
