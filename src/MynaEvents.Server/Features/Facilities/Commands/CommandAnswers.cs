using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MynaEvents.Domain.Decisions;
using MynaEvents.Server.Features.Facilities.Contracts;
using MynaEvents.Server.Errors;
using MynaEvents.Server.Idempotency;
using MynaEvents.Server.Security;

namespace MynaEvents.Server.Features.Facilities.Commands;

/// <summary>
/// Turns outcomes into HTTP answers. Every error is
/// problem+json whose detail starts with the field and whose extensions carry
/// <c>field</c> and <c>rule</c>: 400 for a malformed envelope, 404 for an unknown resource of
/// the path, 422 for a domain rule. Nothing is written in any of these cases.
/// </summary>
internal static class CommandAnswers
{
    /// <summary>Path parameters: an unknown one of these is a 404, not a 422.</summary>
    private static readonly HashSet<string> PathFields = ["tenantId", "facilityId", "applicationId", "deviceId", "colocationId"];

    /// <summary>201 with what the command wrote; a resend gets the same status and body, marked as a repeat by a header.</summary>
    public static Results<Created<CommandResponse>, ProblemHttpResult> Answer(
        HttpContext http, CommandOutcome outcome, string id, string location, IssuedActivationCode? activationCode = null)
    {
        if (outcome.Status == CommandStatus.Refused) return Refused(outcome.Rejection!);
        if (outcome.Status == CommandStatus.Repeated) http.MarkReplayed();
        return TypedResults.Created(location, new CommandResponse(id, outcome.StreamId, outcome.FromVersion, outcome.ToVersion, outcome.EventTypes,
            activationCode?.Code, activationCode?.ExpiresAt));
    }

    public static ProblemHttpResult Refused(DomainRejection rejection)
    {
        var notFound = rejection.Rule.StartsWith("unknown_", StringComparison.Ordinal) && PathFields.Contains(rejection.Field);
        return Problem(notFound ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity,
            notFound ? "Not found" : "Command refused; nothing was written", rejection);
    }

    public static ProblemHttpResult NotFound(string field, string message) =>
        Problem(StatusCodes.Status404NotFound, "Not found", new DomainRejection(field, "unknown_" + field.Replace("Id", "", StringComparison.Ordinal), message));

    public static ProblemHttpResult BadRequest(string field, string rule, string message) =>
        Problem(StatusCodes.Status400BadRequest, "Malformed command; nothing was written", new DomainRejection(field, rule, message));

    public static ProblemHttpResult Forbidden(string field, string rule, string message) =>
        Problem(StatusCodes.Status403Forbidden, "Forbidden", new DomainRejection(field, rule, message));

    /// <summary>The same problems, for Wolverine's <c>Validate</c> methods (which stop the request with a <see cref="ProblemDetails"/>).</summary>
    public static ProblemDetails Malformed(string field, string rule, string message) => BadRequest(field, rule, message).ProblemDetails;

    public static ProblemDetails NotFoundDetails(string field, string message) => NotFound(field, message).ProblemDetails;

    public static ProblemDetails ForbiddenDetails(string field, string rule, string message) => Forbidden(field, rule, message).ProblemDetails;

    private static ProblemHttpResult Problem(int status, string title, DomainRejection rejection) =>
        Problems.Field(status, title, rejection.Field, rejection.Rule, rejection.Message);
}
