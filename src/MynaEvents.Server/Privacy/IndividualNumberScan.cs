using System.Reflection;
using System.Text.Json;
using MynaEvents.Domain.Verification;
using MynaEvents.Server.Errors;
using MynaEvents.Server.Features.Facilities;

namespace MynaEvents.Server.Privacy;

/// <summary>
/// Refuses any request whose body holds a value that looks like a 12-digit individual number
/// (個人番号), whatever field it hides in — a check's fields, a branch name, a person's display
/// name, a device label, a retirement reason, an event of the operators' stream API: the number
/// must never reach an event, a table, a log or a trace. Applied to every endpoint, so a new
/// endpoint is covered without anyone remembering to.
/// </summary>
internal static class IndividualNumberScan
{
    /// <summary>
    /// The filter for minimal-API endpoints that take a request body; endpoints without one get none.
    /// Wolverine endpoints scan where they read the body (<c>Hosting.Http.RequestBodies</c>).
    /// </summary>
    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var bodies = factory.MethodInfo.GetParameters()
            .Select((parameter, index) => (parameter, index))
            .Where(p => IsRequestBody(p.parameter))
            .Select(p => p.index)
            .ToArray();
        if (bodies.Length == 0) return next;
        return async context =>
        {
            foreach (var index in bodies)
                if (context.Arguments[index] is { } body && Refusal(body) is { } refusal)
                    return refusal;
            return await next(context);
        };
    }

    /// <summary>422 naming the first value that looks like an individual number, or null when there is none.</summary>
    public static IResult? Refusal(object body) => Find(body) is { } path
        ? Problems.Refused(path, "individual_number", "looks like an individual number (個人番号), which is never accepted, stored or logged")
        : null;

    /// <summary>The JSON path of the first value that looks like an individual number, or null.</summary>
    public static string? Find(object request) => Find(JsonSerializer.SerializeToElement(request, request.GetType(), JsonSerializerOptions.Web), "");

    // Our request contracts are the records named *Request; everything else a handler takes is a
    // route value, a service or the principal.
    public static bool IsRequestBody(ParameterInfo parameter) =>
        parameter.ParameterType is { IsClass: true, Namespace: { } ns } type
        && ns.StartsWith("MynaEvents.", StringComparison.Ordinal)
        && type.Name.EndsWith("Request", StringComparison.Ordinal);

    // A UUID's digit groups, or the hex digits of an id the server minted, can line up as twelve
    // digits in a row; they name a command, a check or a facility, they are no text.
    private static bool IsIdentifier(string text) => Guid.TryParseExact(text, "D", out _) || FacilityStreams.IsMintedId(text);

    private static string? Find(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.String when element.GetString() is { } text && !IsIdentifier(text) && IndividualNumberGuard.ContainsOne(text) => path,
        JsonValueKind.Number when IndividualNumberGuard.LooksLikeOne(element.GetRawText()) => path,
        JsonValueKind.Object => element.EnumerateObject().Select(p => Find(p.Value, path.Length == 0 ? p.Name : $"{path}.{p.Name}")).FirstOrDefault(found => found is not null),
        JsonValueKind.Array => element.EnumerateArray().Select((item, i) => Find(item, $"{path}[{i}]")).FirstOrDefault(found => found is not null),
        _ => null,
    };
}
