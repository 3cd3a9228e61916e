using System.Globalization;
using MynaEvents.Server.Storage;

namespace MynaEvents.Bench.Append;

/// <summary>Every level, the tables' row counts after the last, and the round trips of one append of each variant.</summary>
internal sealed record AppendResults(IReadOnlyList<AppendLevel> Levels, TableSizes End, IReadOnlyList<RoundTripCount> RoundTrips);

/// <summary>One concurrency level: the baseline and the Marten variants, measured in turns.</summary>
internal sealed record AppendLevel(VariantResult Baseline, IReadOnlyList<VariantResult> Store, TableSizes SizesBefore)
{
    public double Ratio(VariantResult store) => store.EventsPerSecond / Baseline.EventsPerSecond;
}

/// <summary>
/// Append throughput of the server's EventStreams on Marten against raw Npgsql doing the same
/// SQL work, one event per append, at each concurrency level. The variants of a level run
/// back to back, taking turns in short slices, so that whatever else the machine is doing hits
/// all of them alike.
/// </summary>
internal sealed class AppendBenchmark(BenchDatabase database, EventStreams streams, EventTypeRegistry types, BenchOptions options)
{
    public const double Target = 0.9;

    /// <summary>The Marten variants, in the report's order; the last is what a command does.</summary>
    public static readonly (string Name, StoreAppend Mode)[] StoreVariants =
    [
        ("quick", StoreAppend.Any),
        ("exact", StoreAppend.Exactly),
        ("exact+cmd", StoreAppend.ExactlyWithCommand),
    ];

    public async Task<AppendResults> RunAsync(CancellationToken ct)
    {
        var levels = new List<AppendLevel>();
        for (var level = 0; level < options.Concurrency.Count; level++)
        {
            var concurrency = options.Concurrency[level];
            var sizes = await TablePadding.MeasureAsync(database,
                string.Create(CultureInfo.InvariantCulture, $"before {concurrency} writer(s)"), ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"append: {concurrency} writer(s); rows before: baseline {sizes.BaselineEvents:N0} events, Marten {sizes.StoreEvents:N0} events"));

            // Stream names carry the level's index, so a level listed twice still gets fresh streams.
            string Stream(string variant, int writer) =>
                string.Create(CultureInfo.InvariantCulture, $"{variant}-l{level}-c{concurrency}-w{writer:D2}");

            VariantRun[] variants =
            [
                Variant("baseline", concurrency, w => new RawBaselineWriter(database.DataSource, types, Stream("basel", w), w)),
                .. StoreVariants.Select(v => Variant(v.Name, concurrency, w => new StoreWriter(streams, Stream(v.Name, w), w, v.Mode))),
            ];
            var results = await RunInterleavedAsync(variants, ct);
            levels.Add(new AppendLevel(results[0], results[1..], sizes));
            if (level < options.Concurrency.Count - 1) await TablePadding.EqualizeAsync(database, ct);
        }
        var end = await TablePadding.MeasureAsync(database, "after the last level", ct);

        var roundTrips = new List<RoundTripCount>
        {
            await RoundTripCount.MeasureAsync("baseline", new RawBaselineWriter(database.DataSource, types, "trips-basel", 0), ct),
        };
        foreach (var (name, mode) in StoreVariants)
            roundTrips.Add(await RoundTripCount.MeasureAsync(name, new StoreWriter(streams, "trips-" + name, 0, mode), ct));
        foreach (var trips in roundTrips)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {trips.Variant,-10} {trips.PerAppend:F1} round trips per append: {string.Join(" | ", trips.Kinds)}"));
        return new AppendResults(levels, end, roundTrips);
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
