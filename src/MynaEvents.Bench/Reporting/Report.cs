using System.Globalization;
using System.Text;
using MynaEvents.Bench.Append;
using MynaEvents.Bench.CatchUp;

namespace MynaEvents.Bench.Reporting;

/// <summary>The final block: everything docs/benchmarks.md needs, in Markdown.</summary>
internal static class Report
{
    public static string Render(MachineInfo machine, BenchOptions options, string commandLine,
        AppendResults? append, CatchUpResult? catchUp)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC with `{commandLine}`."));
        text.AppendLine();
        foreach (var line in machine.Lines()) text.AppendLine(line);

        if (append is not null) AppendSection(text, options, append);
        if (catchUp is not null) CatchUpSection(text, catchUp);
        return text.ToString();
    }

    private static void AppendSection(StringBuilder text, BenchOptions options, AppendResults results)
    {
        var levels = results.Levels;
        text.AppendLine();
        text.AppendLine("### Append throughput (one event per append)");
        text.AppendLine();
        text.AppendLine(Invariant($"Each writer appends to its own stream, flat out. Per level, each variant warms up for {options.Warmup.TotalSeconds:0} s, then is"));
        text.AppendLine(Invariant($"measured for {options.Duration.TotalSeconds:0} s in {options.Rounds} slices, the variants taking turns (each round starting with"));
        text.AppendLine("another), so noise on the machine lands on all of them alike. Payload: about 300 bytes of JSON.");
        text.AppendLine();
        text.AppendLine($"- baseline: raw Npgsql, {RawBaselineWriter.Description}, into `bench.streams`/`bench.events` (`like myna_events.mt_* including all`, plus the same foreign key)");
        text.AppendLine("- quick: `EventStreams.AppendAsync(tenant, stream, ExpectedVersion.Any, event)`, no command id: Marten's Quick append");
        text.AppendLine("- exact: the same with `ExpectedVersion.Exactly(v)`");
        text.AppendLine("- exact+cmd: `ExpectedVersion.Exactly(v)` and a fresh random `CommandId` per append: what a command does");
        text.AppendLine();

        var headers = new List<string> { "writers", "baseline ev/s", "p50 ms", "p99 ms" };
        foreach (var (name, _) in AppendBenchmark.StoreVariants) headers.AddRange([$"{name} ev/s", "p50 ms", "p99 ms", $"{name}/baseline"]);
        var table = new MarkdownTable([.. headers]);
        foreach (var level in levels)
        {
            List<string> cells = [Invariant($"{level.Baseline.Concurrency}"), .. Cells(level.Baseline)];
            foreach (var store in level.Store) cells.AddRange([.. Cells(store), Verdict(level.Ratio(store))]);
            table.Add([.. cells]);
        }
        text.Append(table.Render());
        text.AppendLine();
        text.AppendLine(Invariant($"Target: ratio >= {AppendBenchmark.Target:F1} (\"ok\"; \"BELOW\" otherwise)."));
        text.AppendLine();
        text.AppendLine("Round trips per append (Npgsql's tracing, 50 appends of one writer alone):");
        text.AppendLine();
        foreach (var trips in results.RoundTrips)
            text.AppendLine(Invariant($"- {trips.Variant}: {trips.PerAppend:0.#}: {string.Join("; ", trips.Kinds).Replace("|", "\\|", StringComparison.Ordinal)}"));
        text.AppendLine();
        text.AppendLine("Rows before each level and at the end. Tables are never truncated between levels. Marten's tables receive three");
        text.AppendLine("variants per level, the baseline's one, so after each level the smaller side is topped up (copies of the");
        text.AppendLine("other side's newest rows, under another tenant) to equal row counts; within a level the sides grow by");
        text.AppendLine("what their variants write.");
        text.AppendLine();
        var sizes = new MarkdownTable("when", "bench.events", "mt_events", "bench.streams", "mt_streams");
        foreach (var s in levels.Select(l => l.SizesBefore).Append(results.End))
            sizes.Add(s.Label, Invariant($"{s.BaselineEvents:N0}"), Invariant($"{s.StoreEvents:N0}"),
                Invariant($"{s.BaselineStreams:N0}"), Invariant($"{s.StoreStreams:N0}"));
        text.Append(sizes.Render());
    }

    private static void CatchUpSection(StringBuilder text, CatchUpResult result)
    {
        text.AppendLine();
        text.AppendLine("### Catch-up (projection rebuild) throughput");
        text.AppendLine();
        text.AppendLine(Invariant($"{result.Events:N0} pre-written events ({EventSeeder.RowsPerTransaction:N0} per transaction, {EventSeeder.Streams:N0} streams, ~{result.PayloadBytes} bytes of JSON each),"));
        text.AppendLine(Invariant($"written straight into Marten's `mt_events`/`mt_streams`, read by seq_id in batches of {result.BatchSize:N0}; each batch written with binary"));
        text.AppendLine("COPY into a 4-column table and its progress moved in one transaction. Raw: a plain Npgsql keyset loop (every column");
        text.AppendLine("of `mt_events`, payload deserialised for its amount). Daemon: Marten's async daemon running the same work as an");
        text.AppendLine("`IViewProjection` (through the server's `ViewProjection`, a transaction participant), timed around");
        text.AppendLine("`daemon.RebuildProjectionAsync` (teardown, then replay to the high-water mark). Two runs each, in the order raw,");
        text.AppendLine("daemon, daemon, raw; every run verified to leave exactly one row per event.");
        text.AppendLine();
        var table = new MarkdownTable("reader", "events", "runs (s)", "ev/s (mean)");
        table.Add("raw Npgsql loop", Invariant($"{result.Events:N0}"), Seconds(result.Raw), Invariant($"{result.RawEventsPerSecond:N0}"));
        table.Add("Marten daemon (rebuild)", Invariant($"{result.Events:N0}"), Seconds(result.Daemon), Invariant($"{result.DaemonEventsPerSecond:N0}"));
        text.Append(table.Render());
        text.AppendLine();
        var met = result.DaemonEventsPerSecond >= CatchUpBenchmark.TargetEventsPerSecond ? "met" : "not met";
        text.AppendLine(Invariant($"daemon/raw: {result.Ratio:F2}. Rebuild target >= {CatchUpBenchmark.TargetEventsPerSecond:N0} ev/s on 2 cores: {met} by the daemon."));
    }

    private static string Seconds(IReadOnlyList<TimeSpan> runs) =>
        string.Join(" / ", runs.Select(r => Invariant($"{r.TotalSeconds:F2}")));

    private static string[] Cells(VariantResult r) =>
        [Invariant($"{r.EventsPerSecond:N0}"), Invariant($"{r.P50Ms:F2}"), Invariant($"{r.P99Ms:F2}")];

    private static string Verdict(double ratio) =>
        Invariant($"{ratio:F2} {(ratio >= AppendBenchmark.Target ? "ok" : "BELOW")}");

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
