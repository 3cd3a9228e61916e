using System.Net.Sockets;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace MynaEvents.Server.EligibilityGateway;

/// <summary>
/// The resilience pipeline around one lookup, outermost first: total timeout → retry → circuit
/// breaker → per-attempt timeout. The breaker sits inside the retry so that it sees every
/// attempt, and an open circuit is not retried: its exception passes straight out.
/// One pipeline per gateway, because the breaker's state must be shared by all lookups.
/// </summary>
internal static class EligibilityResilience
{
    public static ResiliencePipeline<LookupAttempt> Build(EligibilityGatewayOptions options, ILogger logger, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder<LookupAttempt> { TimeProvider = time }
            .AddTimeout(options.TotalTimeout);

        if (options.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<LookupAttempt>
            {
                MaxRetryAttempts = options.Retries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                // Jitter keeps many clinics' readers from retrying in lockstep after an outage.
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                OnRetry = args =>
                {
                    EligibilityTelemetry.Retries.Add(1);
                    logger.LogInformation("Eligibility lookup attempt {Attempt} failed transiently; retrying in {DelayMs} ms",
                        args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<LookupAttempt>
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSampling,
                BreakDuration = options.BreakDuration,
                // A garbled answer says upstream is unwell as much as a 503 does; a 4xx says our query was wrong.
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome) || args.Outcome.Result.Kind == AttemptKind.Malformed),
                OnOpened = args =>
                {
                    EligibilityTelemetry.CircuitOpened.Add(1);
                    logger.LogWarning("Eligibility circuit opened for {BreakMs} ms: lookups fail at once until a probe succeeds",
                        (long)args.BreakDuration.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    logger.LogInformation("Eligibility circuit half-open: letting one lookup through as a probe");
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    logger.LogInformation("Eligibility circuit closed: the eligibility system answers again");
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    /// <summary>Timeouts, connection failures and 5xx/408/429: another attempt may well succeed.</summary>
    private static bool IsTransient(Outcome<LookupAttempt> outcome) => outcome.Exception switch
    {
        null => outcome.Result.Kind == AttemptKind.Transient,
        TimeoutRejectedException or HttpRequestException or SocketException or IOException => true,
        _ => false,
    };
}
