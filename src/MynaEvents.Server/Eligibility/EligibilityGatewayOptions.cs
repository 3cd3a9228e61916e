using System.Globalization;

namespace MynaEvents.Server.EligibilityGateway;

/// <summary>
/// Where the eligibility system is and how patiently to ask it, from configuration
/// (environment variables included). A receptionist is waiting with the patient at the
/// counter, so the whole lookup, retries included, is bounded by <see cref="TotalTimeout"/>.
/// </summary>
public sealed class EligibilityGatewayOptions
{
    public const string UrlVariable = "MYNA_ELIGIBILITY_URL";
    public const string AttemptTimeoutVariable = "MYNA_ELIGIBILITY_ATTEMPT_TIMEOUT_MS";
    public const string TotalTimeoutVariable = "MYNA_ELIGIBILITY_TOTAL_TIMEOUT_MS";
    public const string RetriesVariable = "MYNA_ELIGIBILITY_RETRIES";
    public const string RetryDelayVariable = "MYNA_ELIGIBILITY_RETRY_DELAY_MS";
    public const string BreakerFailureRatioVariable = "MYNA_ELIGIBILITY_BREAKER_FAILURE_RATIO";
    public const string BreakerMinimumThroughputVariable = "MYNA_ELIGIBILITY_BREAKER_MIN_THROUGHPUT";
    public const string BreakerSamplingVariable = "MYNA_ELIGIBILITY_BREAKER_SAMPLING_MS";
    public const string BreakDurationVariable = "MYNA_ELIGIBILITY_BREAK_MS";

    /// <summary>Base URL of the eligibility system (or the simulator). Unset: every lookup fails, not retryable.</summary>
    public Uri? BaseAddress { get; set; }

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt, for transient failures only. 0 turns retrying off.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>Base of the exponential backoff; each delay is jittered.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Share of failed attempts within <see cref="BreakerSampling"/> that opens the circuit.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed within <see cref="BreakerSampling"/> before the ratio counts.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerSampling { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit answers at once before one probe is let through.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Reads the variables; a value that is set but unusable stops the server with a message naming it.</summary>
    public void ReadFrom(IConfiguration configuration)
    {
        var url = configuration[UrlVariable];
        if (!string.IsNullOrWhiteSpace(url))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw Bad(UrlVariable, url, "an absolute http or https URL, e.g. http://127.0.0.1:5081");
            // A trailing slash keeps a path prefix (https://host/oqs/) when the lookup path is appended.
            BaseAddress = uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        }
        AttemptTimeout = Milliseconds(configuration, AttemptTimeoutVariable, AttemptTimeout, minimum: 10);
        TotalTimeout = Milliseconds(configuration, TotalTimeoutVariable, TotalTimeout, minimum: 10);
        Retries = Whole(configuration, RetriesVariable, Retries, minimum: 0, maximum: 10);
        RetryDelay = Milliseconds(configuration, RetryDelayVariable, RetryDelay, minimum: 0);
        BreakerMinimumThroughput = Whole(configuration, BreakerMinimumThroughputVariable, BreakerMinimumThroughput, minimum: 2, maximum: 10_000);
        // Polly refuses sampling windows and breaks shorter than half a second.
        BreakerSampling = Milliseconds(configuration, BreakerSamplingVariable, BreakerSampling, minimum: 500);
        BreakDuration = Milliseconds(configuration, BreakDurationVariable, BreakDuration, minimum: 500);

        var ratio = configuration[BreakerFailureRatioVariable];
        if (!string.IsNullOrWhiteSpace(ratio))
        {
            BreakerFailureRatio = double.TryParse(ratio, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 1
                ? value
                : throw Bad(BreakerFailureRatioVariable, ratio, "a number greater than 0 and at most 1");
        }
        if (TotalTimeout < AttemptTimeout)
            throw new InvalidOperationException($"{TotalTimeoutVariable} ({TotalTimeout.TotalMilliseconds} ms) must not be shorter than {AttemptTimeoutVariable} ({AttemptTimeout.TotalMilliseconds} ms).");
    }

    private static TimeSpan Milliseconds(IConfiguration configuration, string name, TimeSpan fallback, int minimum)
    {
        var text = configuration[name];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms >= minimum && ms <= 600_000
            ? TimeSpan.FromMilliseconds(ms)
            : throw Bad(name, text, $"whole milliseconds from {minimum} to 600000");
    }

    private static int Whole(IConfiguration configuration, string name, int fallback, int minimum, int maximum)
    {
        var text = configuration[name];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value
            : throw Bad(name, text, $"a whole number from {minimum} to {maximum}");
    }

    private static InvalidOperationException Bad(string name, string value, string rule) =>
        new($"{name} is '{value}'; it must be {rule}.");
}
