using System.Text.Json;
using MynaEvents.Domain.Verification;

namespace MynaEvents.Server.Features.Verification;

/// <summary>
/// Refuses a command if any value in it looks like a 12-digit individual number (個人番号),
/// whatever field it hides in: the number must never reach an event, a log or a trace.
/// </summary>
internal static class IndividualNumberScan
{
    /// <summary>The JSON path of the first value that looks like an individual number, or null.</summary>
    public static string? Find(object request) => Find(JsonSerializer.SerializeToElement(request, request.GetType(), JsonSerializerOptions.Web), "");

    private static string? Find(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.String when IndividualNumberGuard.LooksLikeOne(element.GetString()) => path,
        JsonValueKind.Number when IndividualNumberGuard.LooksLikeOne(element.GetRawText()) => path,
        JsonValueKind.Object => element.EnumerateObject().Select(p => Find(p.Value, path.Length == 0 ? p.Name : $"{path}.{p.Name}")).FirstOrDefault(found => found is not null),
        JsonValueKind.Array => element.EnumerateArray().Select((item, i) => Find(item, $"{path}[{i}]")).FirstOrDefault(found => found is not null),
        _ => null,
    };
}
