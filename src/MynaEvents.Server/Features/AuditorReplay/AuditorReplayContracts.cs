using System.Text.Json.Nodes;
using MynaEvents.Server.Features.Verification;

namespace MynaEvents.Server.Features.AuditorReplay;

/// <summary>Every check of a facility whose first event was recorded in [from, to), from the event log.</summary>
/// <param name="Truncated">More checks started in the range than one answer holds: narrow the range.</param>
public sealed record FacilityHistory(string FacilityId, DateTimeOffset From, DateTimeOffset To, int Count, bool Truncated, IReadOnlyList<ReplayedCheck> Checks);

/// <summary>The facility's checks as they stood at <paramref name="At"/>, each folded from its events recorded by then.</summary>
public sealed record FacilityChecksAsOf(string FacilityId, DateTimeOffset At, int Count, bool Truncated, IReadOnlyList<ReplayedCheck> Checks);

/// <summary>
/// One check replayed from its events. <paramref name="Shared"/>: the check was treated at the
/// co-location partner and shared with this facility when it started. Personal fields are
/// shown while the check is retained (翌月末), and marked shredded after.
/// </summary>
public sealed record ReplayedCheck(
    string VerificationId,
    bool Shared,
    string? TreatedAtFacilityId,
    DateOnly? TreatmentDate,
    DateTimeOffset StartedAt,
    long Version,
    string Outcome,
    string? IdentityMode,
    string? FallbackKind,
    string? LookupFailure,
    DateTimeOffset? RetainedUntil,
    EligibilityView? Eligibility,
    PersonalView? Personal,
    IReadOnlyList<ReplayedEvent> Events);

/// <summary>
/// One event as the log holds it. <paramref name="Payload"/> holds the event's fields except the
/// sealed personal ones, which appear (unsealed or shredded) on the check instead.
/// </summary>
public sealed record ReplayedEvent(string Type, long Version, DateTimeOffset RecordedAt, DateTimeOffset OccurredAt, string? Actor, string? Device, JsonNode? Payload);
