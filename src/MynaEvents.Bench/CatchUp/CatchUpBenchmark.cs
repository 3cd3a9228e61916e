using System.Diagnostics;
using System.Globalization;
using Marten;
using MynaEvents.Server.Storage;
using MynaEvents.Server.Storage.Projections;

namespace MynaEvents.Bench.CatchUp;

/// <summary>Each side's runs; throughput is the events over the mean time of its runs.</summary>
internal sealed record CatchUpResult(int Events, int BatchSize, int PayloadBytes, IReadOnlyList<TimeSpan> Raw, IReadOnlyList<TimeSpan> Daemon)
{
    public double RawEventsPerSecond => Events / Raw.Average(t => t.TotalSeconds);
    public double DaemonEventsPerSecond => Events / Daemon.Average(t => t.TotalSeconds);
    public double Ratio => DaemonEventsPerSecond / RawEventsPerSecond;
}

/// <summary>
/// How fast a projection catches up on a long history (a rebuild): Marten's async daemon
/// rebuilding a view projection, against a plain Npgsql loop doing the same reads and writes
/// with the same batch size.
/// </summary>
internal sealed class CatchUpBenchmark(BenchDatabase database, EventTypeRegistry types, BenchOptions options)
{
    /// <summary>Rebuild throughput the daemon should reach on a 2-core machine.</summary>
    public const double TargetEventsPerSecond = 50_000;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public async Task<CatchUpResult> RunAsync(CancellationToken ct)
    {
        var count = options.CatchUpEvents;
        var projection = new CatchUpProjection();
        // The store (and so Marten's progress table) first: seeding empties it with the events.
        using var store = await database.StoreAsync(types, [new AsyncViewProjection(projection)], options.BatchSize, ct);
        var last = await EventSeeder.SeedAsync(database, count, ct);
        var payloadBytes = await database.ScalarAsync<int>(
            $"select avg(octet_length(data::text))::int from (select data from {BenchDatabase.Events} limit 1000) sample", ct);

        // Two runs each in the order raw, daemon, daemon, raw: whatever drifts during the benchmark
        // (caches warming, autovacuum, a neighbour's load) then weighs on both sides alike.
        var raw = new List<TimeSpan>();
        var daemon = new List<TimeSpan>();
        raw.Add(await RunRawAsync(last, ct));
        daemon.Add(await RunDaemonAsync(store, projection.Name, ct));
        daemon.Add(await RunDaemonAsync(store, projection.Name, ct));
        raw.Add(await RunRawAsync(last, ct));

        return new CatchUpResult(count, options.BatchSize, payloadBytes, raw, daemon);
    }

    private async Task<TimeSpan> RunRawAsync(long last, CancellationToken ct)
    {
        var elapsed = await new RawCatchUp(database.DataSource, types.Options, options.BatchSize).RunAsync(last, ct);
        await VerifyAsync(RawCatchUp.Table, options.CatchUpEvents, ct);
        Report("raw", options.CatchUpEvents, elapsed);
        return elapsed;
    }

    /// <summary>Marten's RebuildProjectionAsync, timed from the call to its return: teardown, replay to the high-water mark.</summary>
    private async Task<TimeSpan> RunDaemonAsync(DocumentStore store, string name, CancellationToken ct)
    {
        var elapsed = await RebuildAsync(store, name, Timeout, ct);
        await VerifyAsync(CatchUpProjection.Table, options.CatchUpEvents, ct);
        Report("daemon", options.CatchUpEvents, elapsed);
        return elapsed;
    }

    /// <summary>A fresh daemon of <paramref name="store"/> rebuilds one projection; returns the time the rebuild took.</summary>
    public static async Task<TimeSpan> RebuildAsync(DocumentStore store, string name, TimeSpan timeout, CancellationToken ct)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        var started = Stopwatch.GetTimestamp();
        await daemon.RebuildProjectionAsync(name, timeout, ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await daemon.StopAllAsync();
        return elapsed;
    }

    private async Task VerifyAsync(string table, int expected, CancellationToken ct)
    {
        var rows = await database.ScalarAsync<long>($"select count(*) from {table}", ct);
        var distinct = await database.ScalarAsync<long>($"select count(distinct seq) from {table}", ct);
        if (rows != expected || distinct != expected)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{table} holds {rows:N0} rows ({distinct:N0} distinct events); expected exactly {expected:N0}."));
    }

    private static void Report(string reader, int count, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {reader,-7} {count:N0} events in {elapsed.TotalSeconds:F2} s = {count / elapsed.TotalSeconds:N0} ev/s (rows verified)"));
}
