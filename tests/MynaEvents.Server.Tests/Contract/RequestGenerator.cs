using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace MynaEvents.Server.Tests.Contract;

/// <summary>How a generated request departs from a well-formed one.</summary>
internal enum Mutation
{
    WellFormed,
    WrongType,
    MissingRequired,
    UnknownField,
    HugeString,
    InvalidUtf8,
    WrongContentType,
    OversizedBody,
    MalformedJson,
    NoToken,
    RevokedToken,
    GarbageToken,
    OtherGroupToken,
    OtherGroupIds,
    GarbageQuery,
    GarbagePath,
}

internal sealed record GeneratedRequest(string Operation, Mutation Mutation, HttpRequestMessage Message, string Body)
{
    public override string ToString() => $"{Operation} [{Mutation}] {Message.RequestUri} {(Body.Length > 300 ? Body[..300] + "…" : Body)}";
}

/// <summary>
/// Requests made from the served OpenAPI document: for a random operation, a well-formed request
/// of a random caller of the group, or one that breaks one thing — a field's type, a required
/// field, an unknown field, a string's size, the body's encoding, its media type, its size, the
/// token, or the ids (another group's). Values are chosen by field name where the domain gives
/// them meaning (the group's facilities, a card's certificate, a valid insurer number), so that
/// well-formed requests reach the rules and not only the parser.
/// </summary>
internal sealed class RequestGenerator(JsonObject document, Random random, FuzzGroup own, FuzzGroup other, long maxBodyBytes)
{
    private static readonly string[] Methods = ["get", "post", "put", "delete"];
    private static readonly Mutation[] BodyMutations =
        [Mutation.WrongType, Mutation.MissingRequired, Mutation.UnknownField, Mutation.HugeString, Mutation.InvalidUtf8,
         Mutation.WrongContentType, Mutation.OversizedBody, Mutation.MalformedJson];
    private static readonly Mutation[] AnyOperation =
        [Mutation.WellFormed, Mutation.WellFormed, Mutation.WellFormed, Mutation.NoToken, Mutation.RevokedToken, Mutation.GarbageToken,
         Mutation.OtherGroupToken, Mutation.OtherGroupIds, Mutation.GarbagePath];

    private readonly List<(string Path, string Method, JsonObject Operation)> _operations =
        [.. document["paths"]!.AsObject()
            .SelectMany(p => Methods.Where(m => p.Value![m] is JsonObject).Select(m => (p.Key, m, p.Value![m]!.AsObject())))];

    private readonly JsonObject _schemas = document["components"]!["schemas"]!.AsObject();

    public int OperationCount => _operations.Count;

    public GeneratedRequest Next()
    {
        var (path, method, operation) = _operations[random.Next(_operations.Count)];
        var bodySchema = BodySchema(operation);
        var hasQuery = operation["parameters"] is JsonArray parameters && parameters.Any(p => (string?)p!["in"] == "query");
        var mutations = AnyOperation.Concat(bodySchema is null ? [] : BodyMutations).Concat(hasQuery ? [Mutation.GarbageQuery] : []).ToArray();
        var mutation = mutations[random.Next(mutations.Length)];
        var ids = mutation == Mutation.OtherGroupIds ? other : own;
        return Build(path, method, operation, own, ids, mutation, Token(mutation, operation));
    }

    /// <summary>Every operation of the document, for tests that go through all of them.</summary>
    public IReadOnlyList<(string Path, string Method, JsonObject Operation)> Operations => _operations;

    /// <summary>The roles an operation admits (its x-myna-roles), as callers of <see cref="FuzzGroup"/>.</summary>
    public static IReadOnlyList<string> Admitted(JsonObject operation) =>
        (operation["x-myna-roles"] as JsonArray)?.Select(r => (string)r! == "platform_admin" ? "platform" : (string)r!)
            .Where(FuzzGroup.Callers.Contains).ToList() ?? [];

    /// <summary>
    /// A request of <paramref name="caller"/> on the route of <paramref name="route"/>'s group whose
    /// other path values and body fields name things of <paramref name="ids"/>' group.
    /// </summary>
    public GeneratedRequest Build(string path, string method, JsonObject operation, FuzzGroup route, FuzzGroup ids, Mutation mutation, string? token)
    {
        var url = Path(path, route, ids, mutation) + Query(operation, mutation);
        var message = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
        var body = "";
        if (BodySchema(operation) is { } bodySchema)
        {
            var value = Value(bodySchema, null, ids);
            Mutate(value, mutation, bodySchema);
            body = value?.ToJsonString() ?? "null";
            message.Content = Content(body, mutation);
        }
        if (token is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new GeneratedRequest($"{method.ToUpperInvariant()} {path}", mutation, message, body);
    }

    private static JsonObject? BodySchema(JsonObject operation) => operation["requestBody"]?["content"]?["application/json"]?["schema"] as JsonObject;

    private string Path(string template, FuzzGroup route, FuzzGroup ids, Mutation mutation)
    {
        var names = template.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}')).ToList();
        var garbled = mutation == Mutation.GarbagePath && names.Count > 0 ? names[random.Next(names.Count)] : null;
        foreach (var name in names)
        {
            var value = name == garbled ? Garbage() : name == "tenantId" ? route.Tenant : PathValue(name, ids);
            template = template.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }
        return template;
    }

    private string PathValue(string name, FuzzGroup ids) => name switch
    {
        "facilityId" => Pick(ids.Judo, ids.Ahaki),
        "deviceId" => ids.Device,
        "applicationId" => ids.Application,
        "colocationId" => ids.Colocation,
        "personId" => ids.Victim,
        "verificationId" => Pick(ids.Check, Guid.NewGuid().ToString()),
        "streamId" => Pick("fuzz-" + random.Next(1000).ToString(CultureInfo.InvariantCulture), "group", "verification-" + ids.Check),
        "name" => Pick("facility_checks", "server_recording", "no_such_projection"),
        "documentName" => "v1",
        _ => "x" + random.Next(100).ToString(CultureInfo.InvariantCulture),
    };

    private string Query(JsonObject operation, Mutation mutation)
    {
        if (operation["parameters"] is not JsonArray parameters) return "";
        var pairs = new List<string>();
        foreach (var parameter in parameters.OfType<JsonObject>().Where(p => (string?)p["in"] == "query"))
        {
            var name = (string)parameter["name"]!;
            if (random.Next(3) == 0 && mutation != Mutation.GarbageQuery) continue;
            var value = mutation == Mutation.GarbageQuery && random.Next(2) == 0 ? Garbage() : QueryValue(name);
            pairs.Add($"{name}={Uri.EscapeDataString(value)}");
        }
        return pairs.Count == 0 ? "" : "?" + string.Join("&", pairs);
    }

    private string QueryValue(string name) => name switch
    {
        "from" => Iso(Today().AddDays(-random.Next(40))),
        "to" => Iso(Today().AddDays(random.Next(3))),
        "at" or "asOf" => DateTimeOffset.UtcNow.AddMinutes(-random.Next(100)).ToString("O", CultureInfo.InvariantCulture),
        "kanaPrefix" => Pick("テ", "シケン", "ア"),
        "outcome" => Pick("confirmed", "not_found", "invalid", "lookup_failed", "confirmed_by_fallback"),
        "limit" => random.Next(1, 200).ToString(CultureInfo.InvariantCulture),
        "month" => Today().ToString("yyyy-MM", CultureInfo.InvariantCulture),
        "format" => Pick("json", "csv"),
        "fromVersion" or "upToVersion" => random.Next(0, 4).ToString(CultureInfo.InvariantCulture),
        _ => "1",
    };

    private string Garbage() => random.Next(8) switch
    {
        0 => new string('x', random.Next(200, 3000)),
        1 => "-1",
        2 => "99999999999999999999",
        3 => "2026-13-45",
        4 => "' or 1=1 --",
        5 => "..\\..",
        6 => "テスト😀\u200b",
        _ => "",
    };

    /// <summary>A well-formed value for a schema, by field name where the domain gives it meaning.</summary>
    private JsonNode? Value(JsonObject schema, string? field, FuzzGroup ids, int depth = 0)
    {
        if (field is not null && Meaningful(field, ids, schema) is { } meaningful) return meaningful;
        if (schema["$ref"] is JsonValue reference)
            return Value(_schemas[((string)reference!).Split('/')[^1]]!.AsObject(), field, ids, depth);
        if (schema["oneOf"] is JsonArray alternatives)
            return Value(alternatives.OfType<JsonObject>().First(a => (string?)a["type"] != "null"), field, ids, depth);
        if (schema["enum"] is JsonArray values)
            return values.Where(v => v is not null).ElementAt(random.Next(values.Count(v => v is not null)))!.DeepClone();
        return TypeOf(schema) switch
        {
            "object" => Object(schema, ids, depth),
            "array" => depth > 4 ? new JsonArray() : new JsonArray(Value(schema["items"]?.AsObject() ?? [], null, ids, depth + 1)),
            "integer" => random.Next(1, 4),
            "number" => 1.5,
            "boolean" => random.Next(2) == 0,
            "string" => (string?)schema["format"] switch
            {
                "uuid" => Guid.NewGuid().ToString(),
                "date" => Iso(Today()),
                "date-time" => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                _ => "テスト" + random.Next(100).ToString(CultureInfo.InvariantCulture),
            },
            _ => new JsonObject { ["note"] = "generated", ["amount"] = random.Next(10) },
        };
    }

    private JsonObject Object(JsonObject schema, FuzzGroup ids, int depth)
    {
        var result = new JsonObject();
        var required = (schema["required"] as JsonArray)?.Select(r => (string)r!).ToHashSet() ?? [];
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
            if (required.Contains(name) || random.Next(2) == 0)
                result[name] = Value(property!.AsObject(), name, ids, depth + 1);
        return result;
    }

    private JsonNode? Meaningful(string field, FuzzGroup ids, JsonObject schema) => field switch
    {
        "commandId" => Guid.NewGuid().ToString(),
        "facilityId" or "treatedAtFacilityId" or "primaryFacilityId" => Pick(ids.Judo, ids.Ahaki),
        "facilityIds" => new JsonArray(ids.Judo, ids.Ahaki),
        "sharedDeviceIds" => new JsonArray(ids.Device),
        "branchId" => ids.Branch,
        "certificateDer" => ids.CertificateDer,
        "signature" => Convert.ToBase64String(Enumerable.Range(0, 256).Select(_ => (byte)random.Next(256)).ToArray()),
        "occurredAt" => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        "registrationNumber" => "契" + random.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture),
        "insurerNumber" => Pick("33120015", "01130012", "131011"),
        "burdenRatio" => Pick("010", "020", "030"),
        "personalFamily" => random.Next(1, 3),
        "role" => Pick("group_admin", "auditor", "reception_staff"),
        "mode" => Pick("visual", "pin"),
        "kind" when TypeOf(schema) == "string" && schema["enum"] is null => Pick("qualification_certificate", "eligibility_notice", "myna_portal", "oral_follow_up"),
        "activationCode" => string.Concat(Enumerable.Range(0, 16).Select(_ => "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[random.Next(32)])),
        "nameKana" => "テスト タロウ",
        "birthDate" or "managerBirthDate" => "1980-01-01",
        "type" => Pick("SampleRecorded", "SampleCorrected", "GroupCreated", "NoSuchEvent"),
        "data" => new JsonObject { ["note"] = "generated", ["amount"] = random.Next(10) },
        "staffCount" or "requestedDeviceCount" => random.Next(1, 4),
        "expectedVersion" => random.Next(0, 3),
        "address" => "東京都千代田区1-1",
        _ => null,
    };

    private void Mutate(JsonNode? body, Mutation mutation, JsonObject schema)
    {
        if (body is not JsonObject fields || fields.Count == 0) return;
        var names = fields.Select(f => f.Key).ToList();
        var name = names[random.Next(names.Count)];
        switch (mutation)
        {
            case Mutation.WrongType:
                fields[name] = fields[name] switch
                {
                    JsonValue v when v.TryGetValue<string>(out _) => random.Next(2) == 0 ? (JsonNode)7 : new JsonArray(),
                    JsonValue => "not-a-number",
                    JsonArray => "not-a-list",
                    _ => 42,
                };
                break;
            case Mutation.MissingRequired:
                var required = (Resolve(schema)["required"] as JsonArray)?.Select(r => (string)r!).Where(fields.ContainsKey).ToList() ?? [];
                fields.Remove(required.Count > 0 ? required[random.Next(required.Count)] : name);
                break;
            case Mutation.UnknownField:
                fields["x" + random.Next(1000).ToString(CultureInfo.InvariantCulture)] = "unexpected";
                break;
            case Mutation.HugeString:
                fields[name] = new string('x', 20_000);
                break;
        }
    }

    private JsonObject Resolve(JsonObject schema) =>
        schema["$ref"] is JsonValue reference ? _schemas[((string)reference!).Split('/')[^1]]!.AsObject() : schema;

    private ByteArrayContent Content(string json, Mutation mutation)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        switch (mutation)
        {
            case Mutation.InvalidUtf8:
                var at = Math.Max(1, json.IndexOf(':', StringComparison.Ordinal) + 2);
                bytes = [.. bytes[..Math.Min(at, bytes.Length)], 0xC3, 0x28, 0xFF, .. bytes[Math.Min(at, bytes.Length)..]];
                break;
            case Mutation.OversizedBody:
                bytes = Encoding.UTF8.GetBytes("{\"padding\":\"" + new string('x', (int)maxBodyBytes + 1024) + "\"}");
                break;
            case Mutation.MalformedJson:
                bytes = bytes[..random.Next(bytes.Length)];
                break;
        }
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = mutation == Mutation.WrongContentType
            ? (random.Next(4) switch
            {
                0 => null,
                1 => new MediaTypeHeaderValue("text/plain"),
                2 => new MediaTypeHeaderValue("application/xml"),
                _ => new MediaTypeHeaderValue("application/x-www-form-urlencoded"),
            })
            : new MediaTypeHeaderValue("application/json");
        return content;
    }

    private string? Token(Mutation mutation, JsonObject operation) => mutation switch
    {
        Mutation.NoToken => null,
        Mutation.RevokedToken => own.Tokens["revoked"],
        Mutation.GarbageToken => "myna_usr_" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
        Mutation.OtherGroupToken => other.Tokens[FuzzGroup.Callers[1 + random.Next(FuzzGroup.Callers.Length - 1)]],
        _ => own.Tokens[Caller(operation)],
    };

    // Mostly a caller the operation admits, so that requests reach its rules; now and then anyone of the group.
    private string Caller(JsonObject operation)
    {
        var admitted = Admitted(operation);
        return admitted.Count > 0 && random.Next(6) > 0
            ? admitted[random.Next(admitted.Count)]
            : FuzzGroup.Callers[random.Next(FuzzGroup.Callers.Length)];
    }

    private static string? TypeOf(JsonObject schema) => schema["type"] switch
    {
        JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
        JsonValue type => (string?)type,
        _ => null,
    };

    private T Pick<T>(params T[] choices) => choices[random.Next(choices.Length)];

    private static DateOnly Today() => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
