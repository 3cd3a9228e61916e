using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Storage;
using MynaEvents.Server.Storage.Schema;
using Npgsql;

namespace MynaEvents.Server.Errors;

/// <summary>
/// Every error leaves the server as RFC 9457 problem+json: a title, a detail that names the
/// field and the rule where there is one, and the trace id to find it in the logs.
/// </summary>
internal static class ProblemHandling
{
    public static IServiceCollection AddProblemHandling(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
            if (context.ProblemDetails.Detail is null) Explain(context.HttpContext, context.ProblemDetails);
        });
        services.AddExceptionHandler<ExceptionToProblem>();
        // Binding failures (malformed JSON, wrong types) throw, so they reach the handler with their details.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // A number is a JSON number: "5" for an integer field is a wrong type, as the API description says.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        return services;
    }

    /// <summary>What the status-code pages leave bare (no such path, method or media type), said in the client's terms.</summary>
    private static void Explain(HttpContext http, ProblemDetails problem)
    {
        var (field, detail) = problem.Status switch
        {
            StatusCodes.Status404NotFound => ("path", $"there is no operation at {http.Request.Path}; the operations are listed in /openapi/v1.json"),
            StatusCodes.Status405MethodNotAllowed => ("method", $"{http.Request.Method} is not an operation of this path; it allows {Allowed(http)}"),
            StatusCodes.Status415UnsupportedMediaType => ("Content-Type", "send the body as application/json"),
            _ => (null, null),
        };
        if (field is null) return;
        problem.Detail = $"{field}: {detail}";
        problem.Extensions["field"] = field;
    }

    private static string Allowed(HttpContext http) => http.Response.Headers.Allow.ToString() is { Length: > 0 } allow ? allow : "other methods";

    public static WebApplication UseProblemHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(); // 404, 405, 415 … without a body become problem+json too
        app.UseMiddleware<RequestSizeLimit>();
        return app;
    }
}

/// <summary>Maps exceptions to problems; unknown ones become a 500 that reveals nothing internal.</summary>
internal sealed class ExceptionToProblem(IProblemDetailsService problems, ILogger<ExceptionToProblem> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // A command's commit refused after its decision: what was recorded meanwhile says why.
        if (await CommitRefusals.ExplainAsync(httpContext, exception, cancellationToken) is { } explained) exception = explained;
        // Marten wraps what PostgreSQL said; the problem is chosen by what it said.
        if (exception is not PostgresException && exception.InnerException is PostgresException postgres) exception = postgres;
        var problem = exception switch
        {
            StreamVersionConflictException conflict => Conflict(conflict),
            CommandIdReusedException => new ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "The command was refused; nothing was written",
                Detail = $"commandId: {Idempotency.Resends.ReusedRule}",
                Extensions = { ["field"] = "commandId", ["rule"] = "command_id_reused" },
            },
            CommandInFlightException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The command is being written by another send",
                Detail = "commandId: another send of this command was written first; resend it to get the first answer",
                Extensions = { ["field"] = "commandId", ["rule"] = "command_in_flight" },
            },
            Idempotency.ReusedCommandIdException reused => new ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "Command id already used",
                Detail = reused.Message,
                Extensions = { ["field"] = "commandId", ["rule"] = "command_id_reused" },
            },
            BadHttpRequestException bad => BadRequest(bad),
            Idempotency.FirstAnswerLostException lost => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The first answer cannot be repeated",
                Detail = lost.Message,
                Extensions = { ["field"] = lost.Field, ["rule"] = "master_key_retired" },
            },
            SchemaMismatchException mismatch => Unavailable(mismatch.Message),
            // Only the operators' raw appends can get this far: an inline view (the facility
            // directory) cannot take what the events say. The transaction rolled back.
            PostgresException { SqlState: var state } integrity when state.StartsWith("23", StringComparison.Ordinal) => new ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "The events contradict what is recorded; nothing was written",
                Detail = $"events: a view kept in the same transaction refused them ({integrity.ConstraintName ?? integrity.MessageText})",
                Extensions = { ["field"] = "events", ["rule"] = "contradicts_recorded_state" },
            },
            NpgsqlException npgsql when npgsql is not PostgresException || npgsql.IsTransient => Unavailable("The database is not reachable; retry later."),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Internal error", Detail = "The request failed; nothing was acknowledged. Retry it with the same command id." };
        }
        else
        {
            logger.LogInformation("Request refused with {Status}: {Title}", problem.Status, problem.Title);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Conflict(StreamVersionConflictException conflict) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Stream version conflict",
        Detail = $"expectedVersion: the stream is at version {conflict.ActualVersion}, not {conflict.Expected}. Read the stream and decide again.",
        Extensions =
        {
            ["field"] = "expectedVersion",
            ["streamId"] = conflict.StreamId,
            ["actualVersion"] = conflict.ActualVersion,
        },
    };

    private static ProblemDetails BadRequest(BadHttpRequestException bad)
    {
        var problem = new ProblemDetails { Status = bad.StatusCode, Title = ReasonPhrase(bad.StatusCode) };
        if (bad.InnerException is JsonException { Path: { } path } json)
        {
            var field = path.TrimStart('$', '.');
            field = field.Length == 0 ? "body" : field;
            // The serializer's message names CLR types; say what is wrong in the client's terms.
            problem.Detail = json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
                ? $"{field}: the value has the wrong type or format for this field"
                : $"{field}: the body is not valid JSON ({FirstSentence(json.Message)})";
            problem.Extensions["field"] = field;
        }
        else if (bad.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || bad.Message.Contains("from body", StringComparison.Ordinal))
        {
            problem.Detail = "body: a JSON body is required";
            problem.Extensions["field"] = "body";
        }
        else
        {
            problem.Detail = bad.Message;
        }
        return problem;
    }

    private static ProblemDetails Unavailable(string detail) =>
        new() { Status = StatusCodes.Status503ServiceUnavailable, Title = "Service unavailable", Detail = detail };

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Bad request";

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

/// <summary>
/// Refuses a declared body larger than the limit before reading it (Kestrel enforces the same
/// limit for bodies without a length, and that error comes back through the handler above).
/// </summary>
internal sealed class RequestSizeLimit(RequestDelegate next, Hosting.ServerOptions options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > options.MaxRequestBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "Request body too large",
                    Detail = $"body: {context.Request.ContentLength} bytes exceeds the limit of {options.MaxRequestBodyBytes} bytes.",
                    Extensions = { ["field"] = "body" },
                },
            });
            return;
        }
        await next(context);
    }
}
