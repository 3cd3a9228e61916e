using MynaEvents.Bench.Append;
using MynaEvents.Bench.CatchUp;
using MynaEvents.Bench.Edge;
using MynaEvents.Bench.EndToEnd;
using MynaEvents.Bench.Reporting;
using MynaEvents.Bench.Replay;
using MynaEvents.Server.Storage;

namespace MynaEvents.Bench;

/// <summary>
/// Throughput benchmark of the server's storage on Marten against raw Npgsql doing the same SQL
/// work: appends at several concurrency levels, then Marten's daemon rebuilding a projection
/// over a long history, and the server's facility view rebuilt the same way.
/// A plain console program rather than a micro-benchmark harness: what matters is sustained
/// events per second through a real PostgreSQL, and the latency spread under load.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true; // stop cleanly: writers finish their append, the daemon releases its lock
            cancel.Cancel();
        };

        try
        {
            var options = BenchOptions.Parse(args);
            await using var database = BenchDatabase.FromEnvironment();
            return await RunAsync(database, options, args, cancel.Token);
        }
        catch (UsageException e)
        {
            if (e.Message.Length > 0) Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
#pragma warning disable CA1031 // the benchmark's last word: report any failure and exit non-zero
        catch (Exception e)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine($"benchmark failed: {e}");
            return 1;
        }
    }

    private static async Task<int> RunAsync(BenchDatabase database, BenchOptions options, string[] args, CancellationToken ct)
    {
        var machine = await MachineInfo.ReadAsync(database.DataSource, ct);
        Console.WriteLine("Machine");
        foreach (var line in machine.Lines()) Console.WriteLine(line);
        Console.WriteLine();

        await database.PrepareAsync(ct);
        Console.WriteLine("Event table keys (baseline and Marten):");
        foreach (var line in await database.EventIndexesAsync(ct)) Console.WriteLine($"  {line}");
        Console.WriteLine();

        var types = BenchEvents.Registry();
        Console.WriteLine($"Append payload: {types.Serialize(BenchEvents.Create(7, 123_456)).Length} bytes of JSON");
        Console.WriteLine($"Baseline: {RawBaselineWriter.Description}");
        Console.WriteLine();

        AppendResults? append = null;
        if (!options.SkipAppend)
        {
            using var store = await database.StoreAsync(types, null, options.BatchSize, ct);
            var streams = new EventStreams(store, database.DataSource, types, TimeProvider.System);
            append = await new AppendBenchmark(database, streams, types, options).RunAsync(ct);
            Console.WriteLine();
        }

        CatchUpResult? catchUp = null;
        if (!options.SkipCatchUp)
        {
            catchUp = await new CatchUpBenchmark(database, types, options).RunAsync(ct);
            Console.WriteLine();
        }

        ReplayResult? replay = null;
        if (!options.SkipReplay)
        {
            replay = await new ReplayBenchmark(database, options).RunAsync(ct);
            Console.WriteLine();
        }

        EdgeLatencyResult? edge = null;
        if (!options.SkipEdge)
        {
            var port = int.TryParse(Environment.GetEnvironmentVariable("MYNA_BENCH_VPCD_PORT"), out var p) ? p : 35963;
            var reader = Environment.GetEnvironmentVariable("MYNA_BENCH_READER") is { Length: > 0 } r ? r : "Virtual PCD A 00 00";
            Console.WriteLine($"edge: {options.EdgeChecks} PIN-mode checks through pcscd (vpcd port {port}, \"{reader}\")");
            edge = await new EdgeLatencyBenchmark(database.ConnectionString, options.EdgeChecks, port, reader).RunAsync(ct);
            Console.WriteLine();
        }

        IReadOnlyList<EndToEndLevel>? endToEnd = null;
        if (!options.SkipEndToEnd)
        {
            Console.WriteLine($"end to end: {string.Join('/', options.EndToEndConcurrency)} HTTP clients, {options.EndToEndDuration.TotalSeconds:F0} s each, 目視 checks against a server process");
            endToEnd = await new EndToEndBenchmark(database.ConnectionString, options).RunAsync(ct);
            Console.WriteLine();
        }

        var commandLine = "dotnet run -c Release --project src/MynaEvents.Bench" +
            (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
        Console.WriteLine("----- results (Markdown, for docs/benchmarks.md) -----");
        Console.WriteLine();
        Console.Write(Report.Render(machine, options, commandLine, append, catchUp));
        Console.WriteLine();
        if (replay is not null)
        {
            Console.Write(ReplayReport.Render(replay));
            Console.WriteLine();
        }
        if (edge is not null)
        {
            Console.Write(EdgeLatencyBenchmark.Render(edge));
            Console.WriteLine();
        }
        if (endToEnd is not null)
        {
            Console.Write(EndToEndReport.Render(endToEnd, options.EndToEndDuration));
            Console.WriteLine();
        }
        Console.WriteLine("----- end of results -----");
        return 0;
    }
}
