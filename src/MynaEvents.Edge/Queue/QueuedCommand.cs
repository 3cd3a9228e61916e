using System.Text.Json;
using MynaEvents.Edge.ServerApi;

namespace MynaEvents.Edge.Queue;

/// <summary>Which verification command a queued item is; stored as the route's last segment.</summary>
public enum QueuedCommandKind
{
    /// <summary>'card-read'.</summary>
    CardRead,
    /// <summary>'identity' (目視 or 暗証番号).</summary>
    Identity,
    /// <summary>'lookup'.</summary>
    Lookup,
}

/// <summary>A command for the server, ready to be queued: its request as JSON, keyed by its command id.</summary>
public sealed record OutgoingCommand(Guid CommandId, string VerificationId, QueuedCommandKind Kind, string Payload)
{
    public static OutgoingCommand CardRead(string verificationId, CardReadRequest request) =>
        new(Checked(request).CommandId, verificationId, QueuedCommandKind.CardRead, JsonSerializer.Serialize(request, ServerJson.Options));

    public static OutgoingCommand Identity(string verificationId, IdentityRequest request) =>
        new(Checked(request).CommandId, verificationId, QueuedCommandKind.Identity, JsonSerializer.Serialize(request, ServerJson.Options));

    public static OutgoingCommand Lookup(string verificationId, LookupRequest request) =>
        new(Checked(request).CommandId, verificationId, QueuedCommandKind.Lookup, JsonSerializer.Serialize(request, ServerJson.Options));

    private static T Checked<T>(T request) where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        return request;
    }

    // The payload may hold a certificate or a signature.
    public override string ToString() => $"OutgoingCommand {{ CommandId = {CommandId}, VerificationId = {VerificationId}, Kind = {Kind} }}";
}

/// <summary>A pending item of the queue, in the order it must be sent (<paramref name="Seq"/>).</summary>
public sealed record QueuedCommand(
    long Seq,
    Guid CommandId,
    string VerificationId,
    QueuedCommandKind Kind,
    string Payload,
    DateTimeOffset EnqueuedAt,
    int Attempts,
    string? LastError)
{
    public override string ToString() =>
        $"QueuedCommand {{ Seq = {Seq}, CommandId = {CommandId}, VerificationId = {VerificationId}, Kind = {Kind}, Attempts = {Attempts} }}";
}

/// <summary>A queued command the server refused (or that followed a refused one of its check); its payload is gone.</summary>
public sealed record RefusedCommand(long Seq, Guid CommandId, string VerificationId, QueuedCommandKind Kind, DateTimeOffset EnqueuedAt, string Reason);

internal static class QueuedCommandKinds
{
    public static string Name(QueuedCommandKind kind) => kind switch
    {
        QueuedCommandKind.CardRead => "card-read",
        QueuedCommandKind.Identity => "identity",
        QueuedCommandKind.Lookup => "lookup",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown command kind"),
    };

    public static QueuedCommandKind Parse(string name) => name switch
    {
        "card-read" => QueuedCommandKind.CardRead,
        "identity" => QueuedCommandKind.Identity,
        "lookup" => QueuedCommandKind.Lookup,
        _ => throw new InvalidDataException($"unknown queued command kind '{name}'"),
    };
}
