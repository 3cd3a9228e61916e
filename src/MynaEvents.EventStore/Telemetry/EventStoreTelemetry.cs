using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MynaEvents.EventStore.Telemetry;

/// <summary>The store's traces and metrics. Names are stable: dashboards depend on them.</summary>
public static class EventStoreTelemetry
{
    public const string Name = "MynaEvents.EventStore";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Appends =
        Meter.CreateCounter<long>("myna.eventstore.appends", "{append}", "Appends that wrote events.");

    public static readonly Counter<long> EventsAppended =
        Meter.CreateCounter<long>("myna.eventstore.events_appended", "{event}", "Events written.");

    public static readonly Counter<long> DuplicateCommands =
        Meter.CreateCounter<long>("myna.eventstore.duplicate_commands", "{command}", "Appends answered from an earlier send of the same command id.");

    public static readonly Counter<long> Conflicts =
        Meter.CreateCounter<long>("myna.eventstore.conflicts", "{append}", "Appends refused because the stream was at another version.");

    public static readonly Histogram<double> AppendDuration =
        Meter.CreateHistogram<double>("myna.eventstore.append.duration", "s", "Time to append one command's events.");

    public static readonly Counter<long> ProjectionEvents =
        Meter.CreateCounter<long>("myna.projection.events_applied", "{event}", "Events applied by async projections.");
}
