using System.Text.Json;
using System.Text.Json.Serialization;

namespace MynaEvents.Server.Features.Streams;

/// <summary>Appends events to a stream. <c>expectedVersion</c>: omitted = any; 0 = the stream must not exist; n = exactly n events.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AppendRequest(
    Guid? CommandId,
    IReadOnlyList<EventToAppend?>? Events,
    long? ExpectedVersion = null,
    DateTimeOffset? OccurredAt = null,
    string? CorrelationId = null,
    string? CausationId = null,
    string? DeviceId = null,
    string? Actor = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EventToAppend(string? Type, JsonElement Data);

/// <summary>What the append wrote; a resend of its command id answers the same, with the header Idempotent-Replayed: true.</summary>
public sealed record AppendResponse(string StreamId, long FromVersion, long ToVersion, string FirstPosition, string LastPosition);

public sealed record StreamEventResponse(
    string Position,
    long Version,
    string Type,
    object Data,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    Guid? CommandId,
    string? CorrelationId,
    string? CausationId,
    string? DeviceId,
    string? Actor);

public sealed record StreamResponse(string TenantId, string StreamId, long Version, IReadOnlyList<StreamEventResponse> Events);
