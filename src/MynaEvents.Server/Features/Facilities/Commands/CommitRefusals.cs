using MynaEvents.Server.Storage;

namespace MynaEvents.Server.Features.Facilities.Commands;

/// <summary>
/// Explains a commit that PostgreSQL refused after a command was decided (Wolverine commits after
/// the endpoint returns, so the refusal reaches <c>ExceptionToProblem</c> as an exception). Nothing
/// was written. What was recorded meanwhile tells which refusal it was: the command id on another
/// stream (422), the same command sent again while the first send was being written (409, and a
/// resend then gets the first answer), or another command that moved the stream first (409).
/// </summary>
internal static class CommitRefusals
{
    public static async Task<Exception?> ExplainAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (!EventStreams.IsRefusal(exception) || http.Items[typeof(CommandContext)] is not CommandContext { Writing: var (streamId, version) } command)
            return null;
        var store = http.RequestServices.GetRequiredService<EventStreams>();
        if (await store.FindCommandAsync(command.TenantId, command.CommandId, cancellationToken) is { } earlier)
            return earlier.StreamId == streamId
                ? new CommandInFlightException(command.CommandId)
                : new CommandIdReusedException(command.CommandId, streamId, earlier.StreamId);
        return new StreamVersionConflictException(command.TenantId, streamId, ExpectedVersion.Exactly(version),
            await store.GetStreamVersionAsync(command.TenantId, streamId, cancellationToken));
    }
}

/// <summary>The same command id was written by another send while this one was deciding. Nothing was written by this one.</summary>
internal sealed class CommandInFlightException(Guid commandId)
    : Exception($"Command {commandId} was written by another send of it first.")
{
    public Guid CommandId { get; } = commandId;
}
