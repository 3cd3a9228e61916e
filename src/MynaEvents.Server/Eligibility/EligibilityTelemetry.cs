using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MynaEvents.Server.EligibilityGateway;

/// <summary>
/// The gateway's spans and metrics. Tags carry outcomes, validity codes and failure reasons,
/// never the certificate serial or anything from the result: a trace backend is not a place
/// for personal data.
/// </summary>
public static class EligibilityTelemetry
{
    public const string Name = "MynaEvents.Eligibility";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Lookups =
        Meter.CreateCounter<long>("myna.eligibility.lookups", "{lookup}", "Eligibility lookups by outcome (found, not_found, invalid, failed).");

    public static readonly Counter<long> Retries =
        Meter.CreateCounter<long>("myna.eligibility.retries", "{attempt}", "Attempts repeated after a transient upstream failure.");

    public static readonly Counter<long> CircuitOpened =
        Meter.CreateCounter<long>("myna.eligibility.circuit_opened", "{transition}", "Times the circuit to the eligibility system opened.");

    public static readonly Histogram<double> LookupDuration =
        Meter.CreateHistogram<double>("myna.eligibility.lookup.duration", "s", "Time to an answer, retries included.");

    /// <summary>Outcome names used on spans and metrics; stable, dashboards depend on them.</summary>
    public static string OutcomeOf(EligibilityAnswer answer) => answer switch
    {
        EligibilityAnswer.Found => "found",
        EligibilityAnswer.NotFound => "not_found",
        EligibilityAnswer.Invalid => "invalid",
        EligibilityAnswer.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(answer)),
    };
}
