using System.Diagnostics;
using System.Globalization;
using MynaEvents.Bench.CatchUp;
using MynaEvents.Server.Storage.Projections;

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
/// Rebuild throughput of the server's real facility_checks projection: Marten's daemon
/// rebuilding it (RebuildProjectionAsync) over the seeded checks, against a raw
/// read-deserialise-COPY loop over the same events in the same run (raw, projection,
/// projection profiled, raw).
/// </summary>
internal sealed class ReplayBenchmark(BenchDatabase database, BenchOptions options)
{
    public const double TargetEventsPerSecond = 60_000;

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
        var elapsed = await new RawReplay(database.DataSource, server.Types, options.BatchSize).RunAsync(seed.Last, ct);
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

    /// <summary>
    /// Marten's RebuildProjectionAsync in a store of our own running only the timed projection,
    /// timed from the call to its return (teardown, then replay to the high-water mark), or
    /// cancelled when the budget runs out.
    /// </summary>
    private async Task<(TimeSpan Elapsed, TimedProjection Timed, bool Complete)> RunDaemonAsync(ReplayServer server, ReplaySeed seed, TimeSpan? budget,
        CancellationToken ct)
    {
        var timed = new TimedProjection(server.Projection);
        using var store = await database.StoreAsync(server.Types, [new AsyncViewProjection(timed)], options.BatchSize, ct);
        await database.ExecuteAsync("vacuum analyze myna.facility_checks", ct);

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (budget is { } b) limit.CancelAfter(b);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var elapsed = await CatchUpBenchmark.RebuildAsync(store, timed.Name, Timeout, limit.Token);
            return (elapsed, timed, true);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return (Stopwatch.GetElapsedTime(started), timed, false);
        }
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
