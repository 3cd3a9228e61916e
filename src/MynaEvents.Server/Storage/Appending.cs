namespace MynaEvents.Server.Storage;

/// <summary>What the writer believes about the stream before its append.</summary>
public readonly record struct ExpectedVersion
{
    private ExpectedVersion(long? value) => Value = value;

    /// <summary>null = any; 0 = the stream must not exist; n = exactly n events so far.</summary>
    internal long? Value { get; }

    /// <summary>Append whatever the stream holds.</summary>
    public static ExpectedVersion Any => new(null);

    /// <summary>The stream must not exist yet: the append starts it.</summary>
    public static ExpectedVersion NoStream => new(0);

    /// <summary>The stream must hold exactly <paramref name="version"/> events.</summary>
    public static ExpectedVersion Exactly(long version) => version switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(version), version, "A stream version is never negative."),
        _ => new(version),
    };

    public override string ToString() => Value switch
    {
        null => "any",
        0 => "no stream",
        var v => v.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// Who and what caused an append. The command id makes the append idempotent: sending the
/// same command id again returns the first result and writes nothing.
/// </summary>
public sealed record AppendOptions
{
    public Guid? CommandId { get; init; }
    public string? CorrelationId { get; init; }
    public string? CausationId { get; init; }
    public string? DeviceId { get; init; }
    public string? Actor { get; init; }

    /// <summary>When it happened according to the caller (an edge node may send it late).</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    public static AppendOptions None { get; } = new();
}

/// <summary>What an append wrote, or, for a repeated command, what the first send wrote.</summary>
/// <param name="FromVersion">The stream's version before the append.</param>
/// <param name="ToVersion">The stream's version after the append.</param>
/// <param name="FirstSequence">The global sequence of the first event written (0 when not known: an append without command id or version).</param>
/// <param name="Duplicate">True when the command id had been seen: nothing new was written.</param>
public sealed record AppendResult(string StreamId, long FromVersion, long ToVersion, long FirstSequence, long LastSequence, bool Duplicate)
{
    public int EventCount => (int)(ToVersion - FromVersion);
}

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
