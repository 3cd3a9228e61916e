using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using MynaEvents.EventStore;
using MynaEvents.EventStore.Projections;
using Npgsql;

namespace MynaEvents.Bench.Replay;

/// <summary>A profiled daemon run: how far it got, and where the time went.</summary>
internal sealed record ReplayProfileResult(long Events, int Batches, TimeSpan Elapsed, TimeSpan InApply, bool Complete,
    IReadOnlyList<(string Kind, long Count, TimeSpan Time)> Sql);

internal sealed record ReplayResult(ReplaySeed Seed, int BatchSize, IReadOnlyList<TimeSpan> Raw, IReadOnlyList<TimeSpan> Projection,
    TimeSpan ProjectionInApply, ReplayProfileResult? Profile)
{
    public double RawEventsPerSecond => Seed.Events / Raw.Average(t => t.TotalSeconds);
    public double ProjectionEventsPerSecond => Seed.Events / Projection.Average(t => t.TotalSeconds);
    public double Ratio => ProjectionEventsPerSecond / RawEventsPerSecond;
}

/// <summary>
/// Rebuild throughput of the server's real facility_checks projection: a fresh ProjectionDaemon
/// running only that projection from position 0 over the seeded checks, against a raw
/// read-deserialise-COPY loop over the same events in the same run (raw, projection,
/// projection profiled, raw).
/// </summary>
internal sealed class ReplayBenchmark(BenchDatabase database, BenchOptions options)
{
    public const double TargetEventsPerSecond = 50_000;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>The profiled run stops here if it has not finished: it is for the breakdown, not the figure.</summary>
    private static readonly TimeSpan ProfileBudget = TimeSpan.FromSeconds(30);

    public async Task<ReplayResult> RunAsync(CancellationToken ct)
    {
        await using var server = await ReplayServer.StartAsync(database.ConnectionString, ct);
        await database.ExecuteAsync(RawReplay.CreateSql, ct);
        var seed = await ReplaySeeder.SeedAsync(database, server, options.ReplayEvents, ct);
        Console.WriteLine(FormattableString.Invariant(
            $"replay: {seed.Checks:N0} checks, {seed.Events:N0} events (about {seed.PayloadBytes} bytes of JSON each), {seed.ExpectedRows:N0} view rows expected; batch {options.BatchSize:N0}"));

        var raw = new List<TimeSpan>();
        raw.Add(await RunRawAsync(server, seed, ct));
        var (elapsed, inApply) = await RunProjectionAsync(server, seed, profile: false, ct);
        var profile = await RunProfiledAsync(server, seed, ct);
        raw.Add(await RunRawAsync(server, seed, ct));
        return new ReplayResult(seed, options.BatchSize, raw, [elapsed], inApply, profile);
    }

    private async Task<TimeSpan> RunRawAsync(ReplayServer server, ReplaySeed seed, CancellationToken ct)
    {
        var elapsed = await new RawReplay(database.DataSource, server.Types, options.BatchSize).RunAsync(seed.Last, Timeout, ct);
        var rows = await database.ScalarAsync<long>($"select count(*) from {RawReplay.Table}", ct);
        if (rows != seed.Events)
            throw new InvalidOperationException(FormattableString.Invariant($"{RawReplay.Table} holds {rows:N0} rows; expected {seed.Events:N0}."));
        Report("raw", seed.Events, elapsed, "rows verified");
        return elapsed;
    }

    private async Task<(TimeSpan Elapsed, TimeSpan InApply)> RunProjectionAsync(ReplayServer server, ReplaySeed seed, bool profile, CancellationToken ct)
    {
        var (elapsed, timed, complete) = await RunDaemonAsync(server, seed, budget: null, ct);
        if (!complete) throw new InvalidOperationException("unreachable: an unbudgeted run completes or throws");
        await VerifyAsync(seed, ct);
        Report(profile ? "profiled" : "project", seed.Events, elapsed,
            FormattableString.Invariant($"rows verified; {timed.InApply.TotalSeconds:F2} s inside ApplyAsync over {timed.Batches} batches, {timed.FirstAndLastTenthMilliseconds.First:F0} ms a batch in the first tenth, {timed.FirstAndLastTenthMilliseconds.Last:F0} ms in the last"));
        return (elapsed, timed.InApply);
    }

    private async Task<ReplayProfileResult> RunProfiledAsync(ReplayServer server, ReplaySeed seed, CancellationToken ct)
    {
        using var sql = new SqlProfile();
        var (elapsed, timed, complete) = await RunDaemonAsync(server, seed, ProfileBudget, ct);
        if (complete) await VerifyAsync(seed, ct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  profile {timed.Events:N0} events in {elapsed.TotalSeconds:F2} s = {timed.Events / elapsed.TotalSeconds:N0} ev/s with Npgsql tracing on{(complete ? "" : $" (stopped after {ProfileBudget.TotalSeconds:F0} s)")}; {timed.InApply.TotalSeconds:F2} s inside ApplyAsync over {timed.Batches} batches"));
        foreach (var (kind, count, time) in sql.Kinds)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {time.TotalSeconds,7:F2} s {count,9:N0} x {time.TotalMilliseconds / count,7:F3} ms  {kind}"));
        return new ReplayProfileResult(timed.Events, timed.Batches, elapsed, timed.InApply, complete, sql.Kinds);
    }

    /// <summary>From StartAsync until the daemon's position reaches the last event (or the budget runs out), polled every 50 ms.</summary>
    private async Task<(TimeSpan Elapsed, TimedProjection Timed, bool Complete)> RunDaemonAsync(ReplayServer server, ReplaySeed seed, TimeSpan? budget,
        CancellationToken ct)
    {
        // Started fresh: no checkpoint and an empty view, so the daemon replays from position 0, as a rebuild does.
        var timed = new TimedProjection(server.Projection);
        await database.ExecuteAsync("truncate myna.facility_checks", ct);
        await database.ExecuteAsync("delete from myna.projection_checkpoints where name = $1", ct,
            new NpgsqlParameter<string> { TypedValue = timed.Name });
        await database.ExecuteAsync("vacuum analyze myna.facility_checks", ct);

        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        using var daemon = new ProjectionDaemon([timed], server.Types,
            new ProjectionDaemonOptions { ConnectionString = database.ConnectionString, BatchSize = options.BatchSize },
            new AppendNotifier(database.DataSource), logging);

        var started = Stopwatch.GetTimestamp();
        TimeSpan elapsed;
        var complete = true;
        await daemon.StartAsync(ct);
        try
        {
            var status = daemon.Status(timed.Name);
            while (status.Position < seed.Last)
            {
                if (status.LastError is not null)
                    throw new InvalidOperationException($"The projection failed at {status.Position}; the daemon's warning above says why.");
                if (Stopwatch.GetElapsedTime(started) > Timeout)
                    throw new TimeoutException($"The daemon stalled at {status.Position} before {seed.Last}.");
                if (budget is { } limit && Stopwatch.GetElapsedTime(started) > limit)
                {
                    complete = false;
                    break;
                }
                await Task.Delay(50, ct);
            }
            elapsed = Stopwatch.GetElapsedTime(started);
        }
        finally
        {
            await daemon.StopAsync(CancellationToken.None);
        }
        return (elapsed, timed, complete);
    }

    /// <summary>Every check in its facility's view (and its partner's when shared), at its last version, with its personal data unsealed.</summary>
    private async Task VerifyAsync(ReplaySeed seed, CancellationToken ct)
    {
        var rows = await database.ScalarAsync<long>("select count(*) from myna.facility_checks", ct);
        var done = await database.ScalarAsync<long>($"""
            select count(*) from myna.facility_checks
             where status = 'confirmed' and version = {ReplaySeeder.EventsPerCheck} and not shredded
               and name is not null and name_kana_search is not null and staff_id is not null and identity_method = 'pin'
            """, ct);
        var checks = await database.ScalarAsync<long>("select count(distinct verification_id) from myna.facility_checks where not shared", ct);
        var names = await database.ScalarAsync<long>("select count(distinct name) from myna.facility_checks", ct);
        if (rows != seed.ExpectedRows || done != seed.ExpectedRows || checks != seed.Checks || names != 8)
            throw new InvalidOperationException(FormattableString.Invariant(
                $"myna.facility_checks holds {rows:N0} rows ({done:N0} complete and unsealed, {checks:N0} checks in their own facility's view, {names} distinct names); expected {seed.ExpectedRows:N0} rows of {seed.Checks:N0} checks, 8 names."));
    }

    private static void Report(string reader, int count, TimeSpan elapsed, string note) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {reader,-8} {count:N0} events in {elapsed.TotalSeconds:F2} s = {count / elapsed.TotalSeconds:N0} ev/s ({note})"));
}
