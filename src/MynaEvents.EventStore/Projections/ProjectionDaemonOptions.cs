namespace MynaEvents.EventStore.Projections;

public sealed record ProjectionDaemonOptions
{
    /// <summary>
    /// Connection string for the daemon's own unpooled connections: leadership locks are
    /// held by a session and must be released the moment that session ends.
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>Events applied per transaction.</summary>
    public int BatchSize { get; init; } = 2_000;

    /// <summary>How often an idle leader looks for events even without a notification.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a follower tries to take over.</summary>
    public TimeSpan LeaderRetryInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a leader measures its lag.</summary>
    public TimeSpan LagProbeInterval { get; init; } = TimeSpan.FromSeconds(1);
}
