namespace MynaEvents.EventStore.Appending;

/// <summary>The stream was not at the version the writer expected. Nothing was written.</summary>
public sealed class StreamVersionConflictException(string tenantId, string streamId, ExpectedVersion expected, long actual)
    : Exception($"Stream '{streamId}' is at version {actual}; the append expected {expected}.")
{
    public string TenantId { get; } = tenantId;
    public string StreamId { get; } = streamId;
    public ExpectedVersion Expected { get; } = expected;

    /// <summary>The stream's version when the append was refused (0 when it does not exist).</summary>
    public long ActualVersion { get; } = actual;
}

/// <summary>A command id was sent again for a different stream. Nothing was written.</summary>
public sealed class CommandIdReusedException(Guid commandId, string streamId, string originalStreamId)
    : Exception($"Command {commandId} was already used for another stream; it cannot append to '{streamId}'.")
{
    public Guid CommandId { get; } = commandId;
    public string StreamId { get; } = streamId;
    public string OriginalStreamId { get; } = originalStreamId;
}

/// <summary>An event type that the store does not know was used.</summary>
public sealed class UnknownEventTypeException(string typeName)
    : Exception($"Event type '{typeName}' is not registered.")
{
    public string TypeName { get; } = typeName;
}
