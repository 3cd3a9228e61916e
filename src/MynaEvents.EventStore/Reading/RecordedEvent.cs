namespace MynaEvents.EventStore.Reading;

/// <summary>Who and what caused an event, as given by the writer.</summary>
public sealed record EventMetadata(
    Guid? CommandId,
    string? CorrelationId,
    string? CausationId,
    string? DeviceId,
    string? Actor,
    DateTimeOffset OccurredAt);

/// <summary>An event as stored: its place in the global order and in its stream.</summary>
/// <param name="Data">The payload: the registered CLR type, or a JsonElement for unknown names.</param>
/// <param name="RecordedAt">The database's clock when the writing transaction started.</param>
public sealed record RecordedEvent(
    Position Position,
    string TenantId,
    string StreamId,
    long Version,
    string EventType,
    object Data,
    EventMetadata Metadata,
    DateTimeOffset RecordedAt);
