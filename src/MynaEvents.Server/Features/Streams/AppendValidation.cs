using System.Text.Json;
using System.Text.RegularExpressions;
using MynaEvents.Server.Storage;

namespace MynaEvents.Server.Features.Streams;

/// <summary>The rules an append request must meet; each failure names the field and the rule.</summary>
internal static partial class AppendValidation
{
    public const int MaxEventsPerAppend = 100;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$")]
    private static partial Regex Identifier();

    public static Dictionary<string, string[]> Validate(string tenantId, string streamId, AppendRequest request,
        EventTypeRegistry types, out List<object> events)
    {
        var errors = new Dictionary<string, string[]>();
        events = [];
        if (!Identifier().IsMatch(tenantId))
            errors["tenantId"] = ["must be 1–200 characters of letters, digits, '.', '_', ':' or '-', starting with a letter or digit"];
        if (!Identifier().IsMatch(streamId))
            errors["streamId"] = ["must be 1–200 characters of letters, digits, '.', '_', ':' or '-', starting with a letter or digit"];
        if (request.CommandId is null || request.CommandId == Guid.Empty)
            errors["commandId"] = ["is required: a client-generated UUID that makes a resend harmless"];
        if (request.ExpectedVersion < 0)
            errors["expectedVersion"] = ["must be omitted (any), 0 (the stream must not exist) or a positive version"];
        if (request.Events is null || request.Events.Count == 0)
        {
            errors["events"] = ["must hold at least one event"];
            return errors;
        }
        if (request.Events.Count > MaxEventsPerAppend)
        {
            errors["events"] = [$"must hold at most {MaxEventsPerAppend} events"];
            return errors;
        }
        for (var i = 0; i < request.Events.Count; i++)
        {
            var item = request.Events[i];
            if (item is null)
            {
                errors[$"events[{i}]"] = ["must be an object with a type and its data"];
                continue;
            }
            if (string.IsNullOrWhiteSpace(item.Type) || !types.TryGetType(item.Type, out _))
            {
                errors[$"events[{i}].type"] = [$"must be one of the registered event types ({string.Join(", ", types.Names.Order(StringComparer.Ordinal))})"];
                continue;
            }
            if (item.Data.ValueKind != JsonValueKind.Object)
            {
                errors[$"events[{i}].data"] = ["must be a JSON object"];
                continue;
            }
            try
            {
                events.Add(types.FromClient(item.Type, item.Data));
            }
            catch (JsonException exception)
            {
                errors[$"events[{i}].data"] = [$"does not match {item.Type}: {exception.Message}"];
            }
        }
        return errors;
    }
}
