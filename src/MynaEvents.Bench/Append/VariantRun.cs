using System.Diagnostics;

namespace MynaEvents.Bench.Append;

/// <summary>What one variant achieved at one concurrency level.</summary>
internal sealed record VariantResult(string Variant, int Concurrency, long Appends, double EventsPerSecond, double P50Ms, double P99Ms);

/// <summary>
/// One variant's writers, run flat out in slices: a warm-up slice, then measured slices that
/// the benchmark interleaves with the other variants'. Writers keep their streams and
/// versions from slice to slice. An append counts when it started inside a measured slice;
/// its latency is timed with a Stopwatch around the call.
/// </summary>
internal sealed class VariantRun(string variant, IReadOnlyList<IStreamWriter> writers)
{
    private readonly List<double>[] _latencies = writers.Select(_ => new List<double>(4096)).ToArray();
    private TimeSpan _measured;

    public string Variant => variant;

    public async Task RunAsync(TimeSpan span, bool measure, CancellationToken ct)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(span.TotalSeconds * Stopwatch.Frequency);
        // Task.Run so that no writer's synchronous work delays another's first await.
        var loops = writers.Select((w, i) => Task.Run(() => WriteAsync(w, measure ? _latencies[i] : null, stopAt, ct), ct));
        await Task.WhenAll(loops);
        if (measure) _measured += span;
    }

    public VariantResult Result()
    {
        var sorted = Percentiles.Merge(_latencies);
        return new VariantResult(variant, writers.Count, sorted.Length, sorted.Length / _measured.TotalSeconds,
            Percentiles.Of(sorted, 50), Percentiles.Of(sorted, 99));
    }

    private static async Task WriteAsync(IStreamWriter writer, List<double>? latencies, long stopAt, CancellationToken ct)
    {
        while (true)
        {
            var begun = Stopwatch.GetTimestamp();
            if (begun >= stopAt) return;
            await writer.AppendNextAsync(ct);
            latencies?.Add(Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
        }
    }
}
