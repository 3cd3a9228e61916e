using System.Diagnostics.Metrics;

namespace MynaEvents.Server.Storage;

/// <summary>
/// What we measure on top of Marten's own telemetry (sources and meters named "Marten"):
/// the command-id semantics and the watch over the daemon's high-water mark are ours. Names are
/// stable: dashboards depend on them.
/// </summary>
public static class StorageTelemetry
{
    public const string Name = "MynaEvents.Storage";

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> DuplicateCommands =
        Meter.CreateCounter<long>("myna.storage.duplicate_commands", "{command}", "Appends answered from an earlier send of the same command id.");

    public static readonly Counter<long> Conflicts =
        Meter.CreateCounter<long>("myna.storage.conflicts", "{append}", "Appends refused because the stream was at another version.");

    /// <summary>
    /// Seconds since Marten's high-water mark last moved while committed events wait beyond it:
    /// above the daemon's stale threshold (3 s) it means a live transaction holds a gap open and
    /// every async projection waits for it (<see cref="HighWaterWatch"/>).
    /// </summary>
    public static readonly ObservableGauge<double> HighWaterAge =
        Meter.CreateObservableGauge("myna.projection.high_water.age", HighWaterWatch.MeasureStalls, "s",
            "Seconds the daemon's high-water mark has not moved while committed events wait beyond it.");

    public static readonly ObservableGauge<long> ProjectionLag =
        Meter.CreateObservableGauge("myna.projection.lag.events", HighWaterWatch.MeasureLags, "{event}",
            $"Committed events beyond the projection's position (at most {HighWaterWatch.LagCap}).");
}
