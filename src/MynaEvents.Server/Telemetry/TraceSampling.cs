using System.Globalization;
using OpenTelemetry.Trace;

namespace MynaEvents.Server.Telemetry;

/// <summary>
/// Which traces are recorded. A trace that arrives sampled (a <c>traceparent</c> with the
/// sampled flag, e.g. from an edge node) stays sampled; a new one is kept with probability
/// <see cref="Ratio"/>, decided from its trace id, so every span of one trace shares the fate.
/// Recording every span costs measurable throughput under load, hence less than all of them
/// outside Development.
/// </summary>
public sealed record TraceSampling(double Ratio)
{
    /// <summary>Environment variable holding the share of new traces to record, from 0 to 1.</summary>
    public const string RatioVariable = "MYNA_TRACE_SAMPLE_RATIO";

    public const double DevelopmentRatio = 1.0;
    public const double DefaultRatio = 0.1;

    public static TraceSampling From(IConfiguration configuration, IHostEnvironment environment)
    {
        var text = configuration[RatioVariable];
        if (string.IsNullOrWhiteSpace(text))
            return new TraceSampling(environment.IsDevelopment() ? DevelopmentRatio : DefaultRatio);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) || ratio is < 0 or > 1 || double.IsNaN(ratio))
            throw new InvalidOperationException(
                $"{RatioVariable} is '{text}': it must be a number from 0 (no new trace is recorded) to 1 (every trace is), e.g. 0.1.");
        return new TraceSampling(ratio);
    }

    public Sampler Sampler() => new ParentBasedSampler(new TraceIdRatioBasedSampler(Ratio));
}
