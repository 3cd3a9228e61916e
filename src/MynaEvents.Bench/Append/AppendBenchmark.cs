using System.Globalization;
using MynaEvents.EventStore.Serialization;
using Store = MynaEvents.EventStore.EventStore;

namespace MynaEvents.Bench.Append;

/// <summary>Every level, and the tables' row counts after the last.</summary>
internal sealed record AppendResults(IReadOnlyList<AppendLevel> Levels, TableSizes End);

/// <summary>One concurrency level: the three variants, measured in turns.</summary>
internal sealed record AppendLevel(VariantResult Baseline, VariantResult Store, VariantResult StoreWithCommand, TableSizes SizesBefore)
{
    public double StoreRatio => Store.EventsPerSecond / Baseline.EventsPerSecond;
    public double StoreWithCommandRatio => StoreWithCommand.EventsPerSecond / Baseline.EventsPerSecond;
}

/// <summary>
/// Append throughput of the store against raw Npgsql doing the same SQL work, one event per
/// append, at each concurrency level. The three variants of a level run back to back, taking
/// turns in short slices, so that whatever else the machine is doing hits all of them alike.
/// </summary>
internal sealed class AppendBenchmark(BenchDatabase database, Store store, EventTypeRegistry types, BenchOptions options)
{
    public const double Target = 0.9;

    public async Task<AppendResults> RunAsync(CancellationToken ct)
    {
        var levels = new List<AppendLevel>();
        for (var level = 0; level < options.Concurrency.Count; level++)
        {
            var concurrency = options.Concurrency[level];
            var sizes = await TablePadding.MeasureAsync(database,
                string.Create(CultureInfo.InvariantCulture, $"before {concurrency} writer(s)"), ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"append: {concurrency} writer(s); rows before: baseline {sizes.BaselineEvents:N0} events, store {sizes.StoreEvents:N0} events"));

            // Stream names carry the level's index, so a level listed twice still gets fresh streams.
            string Stream(string variant, int writer) =>
                string.Create(CultureInfo.InvariantCulture, $"{variant}-l{level}-c{concurrency}-w{writer:D2}");

            var variants = new[]
            {
                Variant("baseline", concurrency, w => new RawBaselineWriter(database.DataSource, types, Stream("basel", w), w)),
                Variant("store", concurrency, w => new StoreWriter(store, Stream("store", w), w, withCommandId: false)),
                Variant("store+cmd", concurrency, w => new StoreWriter(store, Stream("cmdid", w), w, withCommandId: true)),
            };
            var results = await RunInterleavedAsync(variants, ct);
            var (baseline, plain, withCommand) = (results[0], results[1], results[2]);

            levels.Add(new AppendLevel(baseline, plain, withCommand, sizes));
            if (level < options.Concurrency.Count - 1) await TablePadding.EqualizeAsync(database, ct);
        }
        return new AppendResults(levels, await TablePadding.MeasureAsync(database, "after the last level", ct));
    }

    /// <summary>
    /// Warms every variant up, then measures them in short slices taken in turn, each round
    /// starting with a different variant: a burst of noise on a shared machine then lands on
    /// all of them, not on whichever happened to run at that moment.
    /// </summary>
    private async Task<VariantResult[]> RunInterleavedAsync(VariantRun[] variants, CancellationToken ct)
    {
        foreach (var variant in variants) await variant.RunAsync(options.Warmup, measure: false, ct);
        var slice = options.Duration / options.Rounds;
        for (var round = 0; round < options.Rounds; round++)
            for (var i = 0; i < variants.Length; i++)
                await variants[(round + i) % variants.Length].RunAsync(slice, measure: true, ct);

        var results = variants.Select(v => v.Result()).ToArray();
        foreach (var r in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Variant,-10} {r.EventsPerSecond,9:N0} ev/s  p50 {r.P50Ms,7:F2} ms  p99 {r.P99Ms,7:F2} ms  ({r.Appends:N0} appends)"));
        return results;
    }

    private static VariantRun Variant(string name, int concurrency, Func<int, IStreamWriter> create) =>
        new(name, Enumerable.Range(0, concurrency).Select(create).ToList());
}
