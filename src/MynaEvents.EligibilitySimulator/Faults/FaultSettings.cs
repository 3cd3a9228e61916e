namespace MynaEvents.EligibilitySimulator.Faults;

/// <summary>
/// Faults the lookup endpoint injects, as set with <c>PUT /admin/faults</c>. Omitted fields take
/// their default (no fault). Rates are probabilities from 0 to 1, drawn per lookup.
/// </summary>
/// <param name="LatencyMs">Added to every lookup before it answers (or before a fault fires).</param>
/// <param name="Hang">Every lookup hangs: no answer until the client gives up. Same as TimeoutRate 1.</param>
/// <param name="TimeoutRate">Share of lookups that hang.</param>
/// <param name="ErrorRate">Share of lookups answered with <paramref name="ErrorStatus"/>.</param>
/// <param name="ErrorStatus">The 5xx status of an injected error (503 unless set).</param>
/// <param name="MalformedRate">Share of lookups answered 200 with a malformed body.</param>
/// <param name="FailNext">The next n lookups answer <paramref name="ErrorStatus"/>, then faults go back to the rates.</param>
public sealed record FaultSettings(
    int LatencyMs = 0,
    bool Hang = false,
    double TimeoutRate = 0,
    double ErrorRate = 0,
    int ErrorStatus = 503,
    double MalformedRate = 0,
    int FailNext = 0)
{
    public static FaultSettings None { get; } = new();

    /// <summary>The first rule broken, naming the field; null when the settings are acceptable.</summary>
    public (string Field, string Rule)? Problem() => this switch
    {
        { LatencyMs: < 0 or > 120_000 } => ("latencyMs", "must be from 0 to 120000 milliseconds"),
        { TimeoutRate: < 0 or > 1 } or { TimeoutRate: double.NaN } => ("timeoutRate", "must be a probability from 0 to 1"),
        { ErrorRate: < 0 or > 1 } or { ErrorRate: double.NaN } => ("errorRate", "must be a probability from 0 to 1"),
        { MalformedRate: < 0 or > 1 } or { MalformedRate: double.NaN } => ("malformedRate", "must be a probability from 0 to 1"),
        { ErrorStatus: < 500 or > 599 } => ("errorStatus", "must be a 5xx status"),
        { FailNext: < 0 } => ("failNext", "must not be negative"),
        _ => null,
    };
}
