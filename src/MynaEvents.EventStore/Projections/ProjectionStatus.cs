namespace MynaEvents.EventStore.Projections;

/// <summary>What one runner of a projection knows about itself, for health, metrics and the API.</summary>
public sealed class ProjectionStatus(string name)
{
    public string Name { get; } = name;

    /// <summary>True while this process holds the projection's leadership.</summary>
    public bool IsLeading { get; internal set; }

    public Position Position { get; internal set; } = Position.Start;

    /// <summary>Committed events not yet applied (capped at 100,000), as last measured by the leader.</summary>
    public long LagEvents { get; internal set; }

    /// <summary>Age of the oldest committed event not yet applied, as last measured by the leader.</summary>
    public double LagSeconds { get; internal set; }

    public long EventsAppliedByThisProcess { get; internal set; }

    public DateTimeOffset? LastError { get; internal set; }
}
