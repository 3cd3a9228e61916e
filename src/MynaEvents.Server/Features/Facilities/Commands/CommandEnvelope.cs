using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using MynaEvents.Server.Features.Facilities.Contracts;
using MynaEvents.Server.Idempotency;
using MynaEvents.Server.Security;
using Wolverine.Http;

namespace MynaEvents.Server.Features.Facilities.Commands;

/// <summary>
/// Who sends a command, and what they believe about its stream (null: whatever it holds).
/// <see cref="Writing"/> is set once the command's events are queued: a commit that fails then is
/// explained by what was recorded meanwhile (<see cref="CommitRefusals"/>).
/// </summary>
public sealed record CommandContext(string TenantId, Guid CommandId, long? ExpectedVersion, string? Actor, DateTimeOffset ReceivedAt)
{
    /// <summary>The stream the command's events are queued for, and its version they were decided on.</summary>
    public (string StreamId, long Version)? Writing { get; internal set; }
}

/// <summary>
/// Middleware of every Wolverine endpoint whose body is a command (<see cref="ICommandRequest"/>):
/// the envelope is checked before anything is read (400: nothing written), and the endpoint gets a
/// <see cref="CommandContext"/> for its decision.
/// </summary>
public static class CommandEnvelope
{
    public static ProblemDetails Validate(ICommandRequest request)
    {
        if (request.CommandId is null || request.CommandId == Guid.Empty)
            return CommandAnswers.Malformed("commandId", "required", Resends.CommandIdRule);
        if (request.ExpectedVersion < 0)
            return CommandAnswers.Malformed("expectedVersion", "expected_version_range",
                "must be omitted (any), 0 (the stream must not exist yet) or the stream's current version");
        return WolverineContinue.NoProblems;
    }

    public static CommandContext Before(ICommandRequest request, HttpContext http, ClaimsPrincipal user, TimeProvider time)
    {
        var command = new CommandContext((string)http.GetRouteValue("tenantId")!, request.CommandId ?? Guid.Empty, request.ExpectedVersion,
            user.SubjectId(), time.GetUtcNow());
        http.Items[typeof(CommandContext)] = command;
        return command;
    }
}
