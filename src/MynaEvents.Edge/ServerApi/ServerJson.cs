using System.Text.Json;
using System.Text.Json.Serialization;

namespace MynaEvents.Edge.ServerApi;

/// <summary>
/// The server's JSON: camelCase names, nulls left out of requests. The server refuses members
/// it does not know, so the request records here carry exactly the server's member names.
/// </summary>
internal static class ServerJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
