using Microsoft.AspNetCore.Http.HttpResults;

namespace MynaEvents.Server.Errors;

/// <summary>
/// A refusal that names its field and rule: problem+json whose detail starts with the field and
/// whose extensions carry <c>field</c> and <c>rule</c>, so a client can act on it without parsing text.
/// </summary>
internal static class Problems
{
    public static ProblemHttpResult Field(int status, string title, string field, string rule, string message) => TypedResults.Problem(
        title: title,
        detail: $"{field}: {message}",
        statusCode: status,
        extensions: new Dictionary<string, object?> { ["field"] = field, ["rule"] = rule });

    public static ProblemHttpResult NotFound(string field, string rule, string message) =>
        Field(StatusCodes.Status404NotFound, "Not found", field, rule, message);

    public static ProblemHttpResult Refused(string field, string rule, string message) =>
        Field(StatusCodes.Status422UnprocessableEntity, "Command refused; nothing was written", field, rule, message);

    public static ProblemHttpResult CommandIdReused() =>
        Refused("commandId", "command_id_reused", Idempotency.Resends.ReusedRule);
}
