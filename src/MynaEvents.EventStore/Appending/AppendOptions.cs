namespace MynaEvents.EventStore.Appending;

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

    /// <summary>A label for the stream's kind, recorded when the stream is created.</summary>
    public string? StreamType { get; init; }

    public static AppendOptions None { get; } = new();
}
