using System.Globalization;

namespace MynaEvents.Bench;

/// <summary>The command line, parsed. Defaults are the figures published in docs/benchmarks.md.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project src/MynaEvents.Bench -- [options]

          --duration SECONDS      measured time per variant and concurrency level (default 10)
          --warmup SECONDS        unmeasured time per variant before each level (default 2)
          --rounds N              slices the measured time is cut into, variants taking turns (default 5)
          --concurrency LIST      comma-separated writer counts (default 1,4,16,32)
          --catchup-events N      events pre-written for the catch-up benchmark (default 1000000)
          --batch N               events per catch-up/rebuild transaction, raw and daemon alike (default 2000, the server's)
          --skip-append           do not run the append benchmark
          --skip-catchup          do not run the catch-up benchmark
          --replay-events N       events pre-written for the facility_checks rebuild benchmark (default 100000;
                                  1000000 takes about 2 minutes with the seeding)
          --skip-replay           do not run the facility_checks rebuild benchmark
          --full                  1,000,000 events for both the catch-up and the facility_checks rebuild
          --append                run only the append benchmark
          --catchup               run only the catch-up benchmark
          --replay                run only the facility_checks rebuild benchmark (as --skip-append --skip-catchup)
          --edge-checks N         PIN-mode reception checks timed through pcscd (default 200)
          --skip-edge             do not run the reception latency benchmark
          --edge                  run only the reception latency benchmark
          --e2e-duration SECONDS  measured time per concurrency level of the end-to-end benchmark (default 12)
          --e2e-concurrency LIST  comma-separated HTTP client counts of the end-to-end benchmark (default 1,8,32)
          --skip-end-to-end       do not run the end-to-end benchmark (HTTP 目視 checks against a server process)
          --end-to-end            run only the end-to-end benchmark
        The reception benchmark needs pcscd with a vpcd reader: MYNA_BENCH_VPCD_PORT (default 35963)
        and MYNA_BENCH_READER (default "Virtual PCD A 00 00"); `make bench` starts one.
        The end-to-end benchmark runs the Release builds of the server and the eligibility simulator
        (src/<project>/bin/Release/net10.0, or MYNA_BENCH_SERVER_DLL and MYNA_BENCH_SIMULATOR_DLL) in a
        database "bench_e2e" it recreates in the same cluster.

        The database comes from MYNA_BENCH_DB (an Npgsql connection string); its name must
        contain "bench" because the benchmark empties Marten's event tables first.
        """;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);
    public int Rounds { get; init; } = 5;
    public IReadOnlyList<int> Concurrency { get; init; } = [1, 4, 16, 32];
    public int CatchUpEvents { get; init; } = 1_000_000;
    public int BatchSize { get; init; } = MynaEvents.Server.Storage.StorageRegistration.AsyncBatchSize;
    public bool SkipAppend { get; init; }
    public bool SkipCatchUp { get; init; }
    public int ReplayEvents { get; init; } = 100_000;
    public bool SkipReplay { get; init; }
    public int EdgeChecks { get; init; } = 200;
    public bool SkipEdge { get; init; }
    public TimeSpan EndToEndDuration { get; init; } = TimeSpan.FromSeconds(12);
    public IReadOnlyList<int> EndToEndConcurrency { get; init; } = [1, 8, 32];
    public bool SkipEndToEnd { get; init; }

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{flag} needs a value.");
            options = flag switch
            {
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Positive(flag, Value())) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(NonNegative(flag, Value())) },
                "--rounds" => options with { Rounds = Positive(flag, Value()) },
                "--concurrency" => options with { Concurrency = Value().Split(',').Select(v => Positive(flag, v)).ToList() },
                "--catchup-events" => options with { CatchUpEvents = Positive(flag, Value()) },
                "--batch" => options with { BatchSize = Positive(flag, Value()) },
                "--skip-append" => options with { SkipAppend = true },
                "--skip-catchup" => options with { SkipCatchUp = true },
                "--replay-events" => options with { ReplayEvents = Positive(flag, Value()) },
                "--skip-replay" => options with { SkipReplay = true },
                "--full" => options with { CatchUpEvents = 1_000_000, ReplayEvents = 1_000_000 },
                "--append" => options with { SkipAppend = false, SkipCatchUp = true, SkipReplay = true, SkipEdge = true, SkipEndToEnd = true },
                "--catchup" => options with { SkipAppend = true, SkipCatchUp = false, SkipReplay = true, SkipEdge = true, SkipEndToEnd = true },
                "--replay" => options with { SkipAppend = true, SkipCatchUp = true, SkipReplay = false, SkipEdge = true, SkipEndToEnd = true },
                "--edge-checks" => options with { EdgeChecks = Positive(flag, Value()) },
                "--skip-edge" => options with { SkipEdge = true },
                "--edge" => options with { SkipAppend = true, SkipCatchUp = true, SkipReplay = true, SkipEdge = false, SkipEndToEnd = true },
                "--e2e-duration" => options with { EndToEndDuration = TimeSpan.FromSeconds(Positive(flag, Value())) },
                "--e2e-concurrency" => options with { EndToEndConcurrency = Value().Split(',').Select(v => Positive(flag, v)).ToList() },
                "--skip-end-to-end" => options with { SkipEndToEnd = true },
                "--end-to-end" => options with { SkipAppend = true, SkipCatchUp = true, SkipReplay = true, SkipEdge = true, SkipEndToEnd = false },
                "--help" or "-h" => throw new UsageException(""),
                _ => throw new UsageException($"Unknown option '{flag}'."),
            };
        }
        return options;
    }

    private static int Positive(string flag, string text) =>
        NonNegative(flag, text) is > 0 and var value ? value : throw new UsageException($"{flag} must be above 0, not '{text}'.");

    private static int NonNegative(string flag, string text) =>
        int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"{flag} takes a whole number, not '{text}'.");
}

/// <summary>The command line cannot be understood; the message says why.</summary>
internal sealed class UsageException(string message) : Exception(message);
