using System.Diagnostics.Metrics;

namespace MynaEvents.Server.Privacy.Sweeping;

/// <summary>The sweep's metrics: counts without tags, so nothing about a check can leak into them.</summary>
public static class RetentionTelemetry
{
    public const string Name = "MynaEvents.Retention";

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> KeysShredded =
        Meter.CreateCounter<long>("myna.retention.keys_shredded", "{key}", "Data keys deleted at their 翌月末 by the retention sweep.");

    public static readonly Counter<long> Sweeps =
        Meter.CreateCounter<long>("myna.retention.sweeps", "{pass}", "Sweep passes by outcome (complete, incomplete, skipped: another process held the lock).");
}
