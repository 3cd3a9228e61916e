using System.Globalization;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using MynaEvents.VirtualCard;
using Npgsql;

namespace MynaEvents.Bench.EndToEnd;

/// <summary>One concurrency level: the HTTP window, what it cost, and the raw baseline at the same concurrency.</summary>
internal sealed record EndToEndLevel(
    int Clients, TimeSpan Elapsed, int Checks, int Commands, int Failures, string? FirstFailure,
    double[] CommandMs, double[][] ByKindMs, double[] CheckMs,
    long Transactions, long? Statements, IReadOnlyList<(long Calls, string Query)> TopStatements,
    double ServerCpuMs, double PostgresCpuMs, double ClientCpuMs, double SimulatorCpuMs, double OtherCpuMs, TimeSpan CpuWindow,
    BaselineResult Baseline);

/// <summary>
/// The reception path through HTTP only: a Release build of the server, run as its own process
/// against a database of its own in the benchmark's cluster and against the eligibility
/// simulator (also its own process); N lean clients run complete 目視 checks in a loop. Work per
/// command is read from PostgreSQL's statistics and from /proc, never from the server's
/// internals, so the same measurement holds however the server stores its events. In the same
/// run and at the same N, a raw one-row INSERT loop gives the floor the commands are held to.
/// </summary>
internal sealed class EndToEndBenchmark(string benchConnectionString, BenchOptions options)
{
    public const string Database = "bench_e2e";

    /// <summary>After a window the server's asynchronous projections catch up; that work belongs to the window's commands.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Before the first level the clients run until the server's tiered JIT has settled: its
    /// background compiler thread used less than <see cref="JitSettled"/> of CPU over a
    /// <see cref="WarmupSlice"/> (at least <see cref="FirstWarmup"/>, at most <see cref="LongestWarmup"/>).
    /// On 2 busy cores the re-compilation to optimised code lags: after a fixed 8 s warm-up the JIT
    /// still took a quarter of the server's CPU samples (perf) during the measurement, a cost a
    /// server that runs all day never pays.
    /// </summary>
    private static readonly TimeSpan FirstWarmup = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan WarmupSlice = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan LongestWarmup = TimeSpan.FromSeconds(240);

    /// <summary>CPU of the JIT's background thread per <see cref="WarmupSlice"/> below which it counts as settled: 2% of a core.</summary>
    private const double JitSettled = 100;

    /// <summary>The .NET runtime names its background tiered-compilation thread so (15 characters of ".NET Tiered Compilation Worker").</summary>
    private const string JitThread = ".NET Tiered Com";

    public async Task<IReadOnlyList<EndToEndLevel>> RunAsync(CancellationToken ct)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(benchConnectionString) { Database = Database, ApplicationName = "myna-bench-e2e" };
        await RecreateDatabaseAsync(ct);
        var work = Directory.CreateTempSubdirectory("myna-bench-e2e-").FullName;
        try
        {
            return await RunInAsync(work, connectionString, ct);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task<IReadOnlyList<EndToEndLevel>> RunInAsync(string work, NpgsqlConnectionStringBuilder connectionString, CancellationToken ct)
    {
        using var authority = TestCardAuthority.Create();
        var adminToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(36)).Replace('+', 'x').Replace('/', 'y');

        await using var simulator = await ChildProcess.StartAsync("eligibility-simulator", DllOf("MynaEvents.EligibilitySimulator"), "admin/faults",
            new Dictionary<string, string>(), work, ct);
        await using var server = await ChildProcess.StartAsync("server", DllOf("MynaEvents.Server"), "health/ready", new Dictionary<string, string>
        {
            ["MYNA_DB"] = new NpgsqlConnectionStringBuilder(connectionString.ConnectionString) { ApplicationName = null }.ConnectionString,
            ["MYNA_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["MYNA_BOOTSTRAP_ADMIN_TOKEN"] = adminToken,
            ["MYNA_ELIGIBILITY_URL"] = simulator.Url.AbsoluteUri,
            ["MYNA_JPKI_CA_CERTS"] = authority.WriteCertificatePem(work),
        }, work, ct);
        Console.WriteLine($"end to end: server pid {server.Pid} at {server.Url} (log {server.LogPath}), simulator pid {simulator.Pid} at {simulator.Url}");

        var levels = options.EndToEndConcurrency;
        var desks = await ClinicSeeder.SeedAsync(server.Url, adminToken, simulator.Url, authority, levels.Max(), ct);
        await using var counters = await PostgresCounters.OpenAsync(connectionString.ConnectionString, Database, ct);
        if (!counters.StatementsTracked)
            Console.WriteLine("end to end: pg_stat_statements is not preloaded in this cluster: statements per command are not reported");
        await using var baselineSource = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(connectionString.ConnectionString) { MaxPoolSize = Math.Max(64, levels.Max() + 4) }.ConnectionString);
        await RawInsertBaseline.CreateTableAsync(baselineSource, ct);

        var results = new List<EndToEndLevel>();
        var warmup = options.Warmup > FirstWarmup ? options.Warmup : FirstWarmup;
        foreach (var n in levels)
        {
            var clients = desks.Take(n).Select(d => new ReceptionClient(server.Url, d)).ToList();
            try
            {
                if (results.Count == 0) await WarmUpUntilJitSettledAsync(clients, server.Pid, warmup, ct);
                else await RunClientsAsync(clients, warmup, ct);
                warmup = options.Warmup;
                await Task.Delay(Drain, ct);

                var pgBefore = await counters.ReadAsync(ct);
                var serverCpu = ProcessCpu.OfProcess(server.Pid);
                var simulatorCpu = ProcessCpu.OfProcess(simulator.Pid);
                var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
                var machineCpu = ProcessCpu.OfMachine();
                var cpuWindow = Stopwatch.StartNew();
                var (tallies, elapsed) = await RunClientsAsync(clients, options.EndToEndDuration, ct);
                var clientCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalMilliseconds;
                await Task.Delay(Drain, ct);
                var pgAfter = await counters.ReadAsync(ct);
                serverCpu = ProcessCpu.OfProcess(server.Pid) - serverCpu;
                simulatorCpu = ProcessCpu.OfProcess(simulator.Pid) - simulatorCpu;
                // Approximate: the client's own time is counted over the window only, the rest over window and drain.
                var otherCpu = ProcessCpu.OfMachine() - machineCpu - serverCpu - simulatorCpu - clientCpuMs - (pgAfter.CpuMs - pgBefore.CpuMs);
                var cpuSpan = cpuWindow.Elapsed;

                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                var baseline = await RawInsertBaseline.RunAsync(baselineSource, n, options.EndToEndDuration, ct);
                var level = new EndToEndLevel(n, elapsed,
                    tallies.Sum(t => t.Checks.Count), tallies.Sum(t => t.Commands.Sum(c => c.Count)), tallies.Sum(t => t.Failures),
                    tallies.Select(t => t.FirstFailure).FirstOrDefault(f => f is not null),
                    Percentiles.Merge(tallies.SelectMany(t => t.Commands)),
                    [.. Enumerable.Range(0, ReceptionClient.CommandNames.Length).Select(k => Percentiles.Merge(tallies.Select(t => t.Commands[k])))],
                    Percentiles.Merge(tallies.Select(t => t.Checks)),
                    pgAfter.Transactions - pgBefore.Transactions,
                    counters.StatementsTracked ? pgAfter.Statements - pgBefore.Statements : null,
                    PostgresCounters.Delta(pgBefore, pgAfter),
                    serverCpu, pgAfter.CpuMs - pgBefore.CpuMs, clientCpuMs, simulatorCpu, Math.Max(0, otherCpu), cpuSpan, baseline);
                if (level.Checks == 0) throw new InvalidOperationException($"no check completed with {n} clients: {level.FirstFailure}");
                Console.WriteLine(EndToEndReport.Summary(level));
                results.Add(level);
            }
            finally
            {
                foreach (var client in clients) client.Dispose();
            }
        }
        return results;
    }

    private static async Task WarmUpUntilJitSettledAsync(List<ReceptionClient> clients, int serverPid, TimeSpan atLeast, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        await RunClientsAsync(clients, atLeast, ct);
        var jitMs = 0.0;
        while (started.Elapsed < LongestWarmup)
        {
            var before = ProcessCpu.OfThreads(serverPid, JitThread);
            await RunClientsAsync(clients, WarmupSlice, ct);
            jitMs = ProcessCpu.OfThreads(serverPid, JitThread) - before;
            if (jitMs < JitSettled) break;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"end to end: warmed up {started.Elapsed.TotalSeconds:F0} s; the server's JIT thread used {jitMs:F0} ms of CPU in the last {WarmupSlice.TotalSeconds:F0} s"));
    }

    private static async Task<(ClientTally[] Tallies, TimeSpan Elapsed)> RunClientsAsync(List<ReceptionClient> clients, TimeSpan duration, CancellationToken ct)
    {
        var stop = new StrongBox<bool>(false);
        var started = Stopwatch.StartNew();
        var running = clients.Select(c => Task.Run(() => c.RunAsync(stop, ct), ct)).ToList();
        await Task.Delay(duration, ct);
        Volatile.Write(ref stop.Value, true);
        var tallies = await Task.WhenAll(running);
        return (tallies, started.Elapsed);
    }

    private async Task RecreateDatabaseAsync(CancellationToken ct)
    {
        await using var admin = NpgsqlDataSource.Create(benchConnectionString);
        foreach (var sql in new[] { $"drop database if exists {Database} with (force)", $"create database {Database}" })
        {
            await using var command = admin.CreateCommand(sql);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The Release build of a program of this repository, beside the benchmark's own: src/NAME/bin/Release/net10.0/NAME.dll.</summary>
    private static string DllOf(string project) =>
        Environment.GetEnvironmentVariable($"MYNA_BENCH_{(project.EndsWith("Server", StringComparison.Ordinal) ? "SERVER" : "SIMULATOR")}_DLL") is { Length: > 0 } set
            ? set
            : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", project, "bin", "Release", "net10.0", project + ".dll"));
}
