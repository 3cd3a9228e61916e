using MynaEvents.Edge.ServerApi;

namespace MynaEvents.Edge.Queue;

/// <summary>Why a delivery run ended.</summary>
public enum DeliveryStop
{
    /// <summary>Every pending command was delivered or refused.</summary>
    QueueEmpty,
    /// <summary>The server could not be reached; the rest stays pending for the next run.</summary>
    ServerUnreachable,
    /// <summary>The server refused the device's credential (401): nothing can be delivered until the device is activated again; the rest stays pending.</summary>
    CredentialRefused,
}

/// <summary>
/// What one delivery run did. <paramref name="Pending"/> is what is still waiting afterwards.
/// <paramref name="Latest"/> holds, per check, the server's answer to the last command delivered
/// in this run: after a lookup, the outcome to show at reception.
/// </summary>
public sealed record DeliveryReport(
    int Delivered,
    int Refused,
    int Pending,
    DeliveryStop Stop,
    string? StopReason,
    IReadOnlyDictionary<string, VerificationResponse> Latest);
