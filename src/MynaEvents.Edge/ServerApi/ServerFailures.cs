using System.Net;
using System.Text.Json;

namespace MynaEvents.Edge.ServerApi;

/// <summary>
/// Sorts every failure into "retry later" (<see cref="ServerUnreachableException"/>) or "will
/// never succeed" (<see cref="ServerRefusedException"/>). Only a 4xx problem+json counts as a
/// refusal: the server answers every error that way, so a 4xx without it came from something in
/// between (a proxy, a captive portal, a wrong URL) and must not make the edge drop a command.
/// Messages name the request by method and path (ids only) and the status; never a token,
/// certificate, signature or personal field.
/// </summary>
internal static class ServerFailures
{
    private const string ProblemJson = "application/problem+json";

    public static ServerUnreachableException Transport(string request, Exception exception) => exception switch
    {
        TaskCanceledException or TimeoutException => new ServerUnreachableException($"{request}: the server did not answer in time", null, exception),
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } =>
            new ServerUnreachableException($"{request}: the server's name could not be resolved", null, exception),
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } =>
            new ServerUnreachableException($"{request}: no connection to the server", null, exception),
        _ => new ServerUnreachableException($"{request}: the connection failed ({exception.GetType().Name})", null, exception),
    };

    public static ServerUnreachableException Unreadable(string request, int status, Exception? exception) =>
        new($"{request}: HTTP {status} with an answer that is not the server's", status, exception);

    /// <summary>The exception for a non-success answer; reads the problem document when there is one.</summary>
    public static async Task<Exception> FromResponseAsync(string request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (IsRetryable(response.StatusCode))
            return new ServerUnreachableException($"{request}: HTTP {status}, try again later", status);
        if (status is < 400 or > 499 || response.Content.Headers.ContentType?.MediaType != ProblemJson)
            return new ServerUnreachableException($"{request}: HTTP {status} without a problem document: not the MynaEvents server's answer", status);

        Problem problem;
        try
        {
            problem = Problem.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (JsonException e)
        {
            return Unreadable(request, status, e);
        }
        var detail = problem.Detail ?? problem.Errors;
        return new ServerRefusedException($"{request}: HTTP {status} {problem.Title}: {detail}", status, problem.Title, detail, problem.Field);
    }

    /// <summary>408, 429 and every 5xx: the server (or what is in front of it) is busy, down or being deployed.</summary>
    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private sealed record Problem(string? Title, string? Detail, string? Field, string? Errors)
    {
        public static Problem Parse(string json)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new JsonException("a problem document is a JSON object");
            string? field = Text(root, "field");
            string? errors = null;
            // Validation problems list rules per field instead of naming one field.
            if (root.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Object)
            {
                var rules = list.EnumerateObject().Select(e => $"{e.Name}: {string.Join(" ", Rules(e.Value))}").ToList();
                field ??= list.EnumerateObject().Select(e => e.Name).FirstOrDefault();
                errors = rules.Count > 0 ? string.Join("; ", rules) : null;
            }
            return new Problem(Text(root, "title"), Text(root, "detail"), field, errors);
        }

        private static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static IEnumerable<string> Rules(JsonElement value) => value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)
            : [];
    }
}
