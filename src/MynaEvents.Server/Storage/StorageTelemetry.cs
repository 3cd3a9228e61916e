using System.Diagnostics.Metrics;

namespace MynaEvents.Server.Storage;

/// <summary>
/// What we measure on top of Marten's own telemetry (sources and meters named "Marten"):
/// the command-id semantics are ours. Names are stable: dashboards depend on them.
/// </summary>
public static class StorageTelemetry
{
    public const string Name = "MynaEvents.Storage";

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> DuplicateCommands =
        Meter.CreateCounter<long>("myna.storage.duplicate_commands", "{command}", "Appends answered from an earlier send of the same command id.");

    public static readonly Counter<long> Conflicts =
        Meter.CreateCounter<long>("myna.storage.conflicts", "{append}", "Appends refused because the stream was at another version.");
}
