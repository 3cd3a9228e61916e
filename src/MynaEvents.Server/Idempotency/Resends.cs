namespace MynaEvents.Server.Idempotency;

/// <summary>
/// Every state-changing request carries a client-generated <c>commandId</c>. A resend with the
/// same id — after a timeout, a 503, a lost connection — gets the first answer again: the same
/// status code and the same body, with nothing new written and nobody called twice. The header
/// tells a client (and its logs) that this answer is a repeat; the body does not change.
/// </summary>
internal static class Resends
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Marks the answer as the first answer of an earlier send of the same command.</summary>
    public static void MarkReplayed(this HttpContext http) => http.Response.Headers[ReplayedHeader] = "true";

    public const string CommandIdRule = "is required: a client-generated UUID that makes a resend harmless";

    public const string ReusedRule = "was already used for another command; a command id names exactly one command";
}

/// <summary>
/// A resend whose first answer carried a secret derived under a master key that has since been
/// retired: the answer cannot be repeated. The client starts over with a new command id.
/// </summary>
internal sealed class FirstAnswerLostException(string field)
    : Exception($"{field}: the master key that issued this command's secret has been retired, so its answer cannot be repeated; send the command again with a new command id")
{
    public string Field { get; } = field;
}

/// <summary>A command id that already named another command (of another kind, or on another subject).</summary>
internal sealed class ReusedCommandIdException(Guid commandId)
    : Exception($"commandId: {commandId} {Resends.ReusedRule}")
{
    public Guid CommandId { get; } = commandId;
}
