using System.Diagnostics;
using System.Globalization;
using MynaEvents.EventStore;
using MynaEvents.EventStore.Projections;
using MynaEvents.EventStore.Serialization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MynaEvents.Bench.CatchUp;

/// <summary>Each side's runs; throughput is the events over the mean time of its runs.</summary>
internal sealed record CatchUpResult(int Events, int BatchSize, int PayloadBytes, IReadOnlyList<TimeSpan> Raw, IReadOnlyList<TimeSpan> Daemon)
{
    public double RawEventsPerSecond => Events / Raw.Average(t => t.TotalSeconds);
    public double DaemonEventsPerSecond => Events / Daemon.Average(t => t.TotalSeconds);
    public double Ratio => DaemonEventsPerSecond / RawEventsPerSecond;
}

/// <summary>
/// How fast a projection catches up on a long history (a rebuild): the daemon against a
/// plain Npgsql loop doing the same reads and writes with the same batch size.
/// </summary>
internal sealed class CatchUpBenchmark(BenchDatabase database, EventTypeRegistry types, BenchOptions options)
{
    /// <summary>Rebuild throughput the daemon should reach on a 2-core machine.</summary>
    public const double TargetEventsPerSecond = 50_000;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public async Task<CatchUpResult> RunAsync(CancellationToken ct)
    {
        var count = options.CatchUpEvents;
        var last = await EventSeeder.SeedAsync(database, count, ct);
        var payloadBytes = await database.ScalarAsync<int>(
            "select avg(octet_length(data::text))::int from (select data from myna.events limit 1000) sample", ct);

        // Two runs each in the order raw, daemon, daemon, raw: whatever drifts during the benchmark
        // (caches warming, autovacuum, a neighbour's load) then weighs on both sides alike.
        var raw = new List<TimeSpan>();
        var daemon = new List<TimeSpan>();
        raw.Add(await RunRawAsync(last, ct));
        daemon.Add(await RunDaemonAsync(last, ct));
        daemon.Add(await RunDaemonAsync(last, ct));
        raw.Add(await RunRawAsync(last, ct));

        return new CatchUpResult(count, options.BatchSize, payloadBytes, raw, daemon);
    }

    private async Task<TimeSpan> RunRawAsync(Position last, CancellationToken ct)
    {
        var elapsed = await new RawCatchUp(database.DataSource, types.Options, options.BatchSize).RunAsync(last, Timeout, ct);
        await VerifyAsync(RawCatchUp.Table, options.CatchUpEvents, ct);
        Report("raw", options.CatchUpEvents, elapsed);
        return elapsed;
    }

    /// <summary>From StartAsync until the daemon's position reaches the last event, polled every 50 ms.</summary>
    private async Task<TimeSpan> RunDaemonAsync(Position last, CancellationToken ct)
    {
        // Started fresh: no checkpoint, so the daemon registers the projection and replays from the start.
        var projection = new CatchUpProjection();
        await database.ExecuteAsync($"truncate {CatchUpProjection.Table}", ct);
        await database.ExecuteAsync("delete from myna.projection_checkpoints where name = $1", ct,
            new NpgsqlParameter<string> { TypedValue = projection.Name });
        // Warnings only: the daemon reports a failing batch there, and the benchmark should say why it stopped.
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        using var daemon = new ProjectionDaemon([projection], types,
            new ProjectionDaemonOptions { ConnectionString = database.ConnectionString, BatchSize = options.BatchSize },
            new AppendNotifier(database.DataSource), logging);

        var started = Stopwatch.GetTimestamp();
        TimeSpan elapsed;
        await daemon.StartAsync(ct);
        try
        {
            var status = daemon.Status(projection.Name);
            while (status.Position < last)
            {
                // The daemon logs and retries failures by design; a benchmark must stop at the first one.
                if (status.LastError is not null)
                    throw new InvalidOperationException($"The projection failed at {status.Position}; the daemon's warning above says why.");
                if (Stopwatch.GetElapsedTime(started) > Timeout)
                    throw new TimeoutException($"The daemon stalled at {status.Position} before {last}.");
                await Task.Delay(50, ct);
            }
            elapsed = Stopwatch.GetElapsedTime(started);
        }
        finally
        {
            await daemon.StopAsync(CancellationToken.None);
        }

        await VerifyAsync(CatchUpProjection.Table, options.CatchUpEvents, ct);
        Report("daemon", options.CatchUpEvents, elapsed);
        return elapsed;
    }

    private async Task VerifyAsync(string table, int expected, CancellationToken ct)
    {
        var rows = await database.ScalarAsync<long>(
            $"select count(*) from {table}", ct);
        var distinct = await database.ScalarAsync<long>(
            $"select count(distinct seq) from {table}", ct);
        if (rows != expected || distinct != expected)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{table} holds {rows:N0} rows ({distinct:N0} distinct events); expected exactly {expected:N0}."));
    }

    private static void Report(string reader, int count, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {reader,-7} {count:N0} events in {elapsed.TotalSeconds:F2} s = {count / elapsed.TotalSeconds:N0} ev/s (rows verified)"));
}
