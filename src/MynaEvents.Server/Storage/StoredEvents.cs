namespace MynaEvents.Server.Storage;

/// <summary>Who and what caused an event, as given by the writer (stored in Marten's event headers).</summary>
public sealed record EventMetadata(
    Guid? CommandId,
    string? CorrelationId,
    string? CausationId,
    string? DeviceId,
    string? Actor,
    DateTimeOffset OccurredAt);

/// <summary>An event as stored: its place in the global order and in its stream.</summary>
/// <param name="Sequence">Marten's global sequence number.</param>
/// <param name="RecordedAt">When the server appended it (the store's clock).</param>
public sealed record RecordedEvent(
    long Sequence,
    string TenantId,
    string StreamId,
    long Version,
    string EventType,
    object Data,
    EventMetadata Metadata,
    DateTimeOffset RecordedAt);

/// <summary>How far into a stream to read: everything, up to a version, or as recorded by a time.</summary>
public sealed record StreamLimit
{
    private StreamLimit(long? version, DateTimeOffset? asOf) => (Version, AsOf) = (version, asOf);

    public long? Version { get; }

    /// <summary>Only events recorded at or before this instant.</summary>
    public DateTimeOffset? AsOf { get; }

    public static StreamLimit Latest { get; } = new(null, null);

    public static StreamLimit UpToVersion(long version) =>
        version < 0 ? throw new ArgumentOutOfRangeException(nameof(version), version, "A stream version is never negative.") : new(version, null);

    public static StreamLimit AsOfTime(DateTimeOffset instant) => new(null, instant);
}

/// <summary>A stream folded into a state, and the version that state reflects (0: no events).</summary>
public sealed record StreamState<TState>(TState State, long Version);
