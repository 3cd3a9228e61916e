using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MynaEvents.Server.Storage;

namespace MynaEvents.Server.Features.AuditorReplay;

/// <summary>Turns stored events into what an auditor is shown, without the sealed personal fields.</summary>
internal static class ReplayedEvents
{
    /// <summary>The payload member that carries sealed personal data (EligibilityConfirmed, EligibilityConfirmedByFallback).</summary>
    private const string PersonalMember = "personal";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static ReplayedEvent Of(RecordedEvent recorded) => new(
        recorded.EventType,
        recorded.Version,
        recorded.RecordedAt,
        recorded.Metadata.OccurredAt,
        recorded.Metadata.Actor,
        recorded.Metadata.DeviceId,
        PayloadOf(recorded.Data));

    private static JsonNode? PayloadOf(object data)
    {
        var node = data is JsonElement element
            ? JsonNode.Parse(element.GetRawText())
            : JsonSerializer.SerializeToNode(data, data.GetType(), Options);
        if (node is JsonObject payload)
        {
            // Even sealed, the ciphertext is not for auditors: the check shows the fields unsealed or shredded.
            foreach (var name in payload.Select(p => p.Key).Where(k => string.Equals(k, PersonalMember, StringComparison.OrdinalIgnoreCase)).ToList())
                payload.Remove(name);
        }
        return node;
    }
}
