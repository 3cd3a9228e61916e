namespace MynaEvents.Server.EligibilityGateway;

/// <summary>How one HTTP attempt ended; the resilience pipeline decides on the kind, the caller gets the answer.</summary>
internal enum AttemptKind
{
    /// <summary>A conforming answer (found, not found, invalid): final.</summary>
    Answered,

    /// <summary>Upstream refused the query (4xx): asking again will not help, and upstream is not unhealthy.</summary>
    Rejected,

    /// <summary>A 200 whose body does not conform: not retried at once, but it counts against upstream's health.</summary>
    Malformed,

    /// <summary>5xx, 408, 429: worth another attempt.</summary>
    Transient,
}

internal readonly record struct LookupAttempt(AttemptKind Kind, EligibilityAnswer Answer)
{
    public static LookupAttempt Answered(EligibilityAnswer answer) => new(AttemptKind.Answered, answer);

    public static LookupAttempt Rejected(int status) =>
        new(AttemptKind.Rejected, new EligibilityAnswer.Failed($"rejected: the eligibility system refused the query (HTTP {status})", Retryable: false));

    public static LookupAttempt Malformed(string problem) =>
        new(AttemptKind.Malformed, new EligibilityAnswer.Failed($"malformed answer: {problem}", Retryable: true));

    public static LookupAttempt Transient(int status) =>
        new(AttemptKind.Transient, new EligibilityAnswer.Failed($"upstream error: HTTP {status}", Retryable: true));
}
