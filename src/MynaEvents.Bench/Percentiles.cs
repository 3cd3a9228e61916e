namespace MynaEvents.Bench;

/// <summary>Latency percentiles by the nearest-rank method over every recorded sample.</summary>
internal static class Percentiles
{
    /// <summary>Merges the writers' samples into one sorted array (each writer keeps its own list to avoid locking).</summary>
    public static double[] Merge(IEnumerable<List<double>> perWriter)
    {
        var all = perWriter.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return all;
    }

    /// <summary>The smallest sample that at least <paramref name="percent"/>% of samples do not exceed; NaN when empty.</summary>
    public static double Of(double[] sorted, double percent)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
