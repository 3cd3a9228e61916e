using System.Text;
using System.Text.Json.Nodes;

namespace MynaEvents.Server.Tests.Contract;

/// <summary>The served description says what the server does: who may call, what it answers, what a client must send.</summary>
public sealed class ApiDocumentTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    private async Task<JsonObject> DocumentAsync()
    {
        using var client = server.CreateClient();
        return JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject();
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(m => (p.Key, m.Key, m.Value!.AsObject())));

    [Fact]
    public async Task every_group_operation_needs_a_bearer_token_names_its_roles_and_lists_401_and_403()
    {
        var document = await DocumentAsync();
        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]!["bearer"]!["scheme"]);

        var group = Operations(document).Where(o => o.Path.StartsWith("/api/tenants/", StringComparison.Ordinal)).ToList();
        Assert.True(group.Count >= 35);
        foreach (var (path, method, operation) in group)
        {
            var what = $"{method} {path}";
            Assert.True(operation["security"]?[0]?["bearer"] is JsonArray, $"{what} declares the bearer scheme");
            Assert.True(operation["x-myna-roles"] is JsonArray { Count: > 0 }, $"{what} names its roles");
            Assert.True(operation["responses"]!["401"] is JsonObject && operation["responses"]!["403"] is JsonObject, $"{what} lists 401 and 403");
            Assert.True(operation["responses"]!["503"] is JsonObject, $"{what} lists 503");
        }
        var activation = document["paths"]!["/api/devices/activate"]!["post"]!;
        Assert.Null(activation["security"]);
    }

    [Fact]
    public async Task the_check_commands_answer_201_with_the_check_and_every_read_documents_its_body()
    {
        var document = await DocumentAsync();

        foreach (var step in new[] { "card-read", "identity", "lookup", "fallback" })
        {
            var responses = document["paths"]![$"/api/tenants/{{tenantId}}/verifications/{{verificationId}}/{step}"]!["post"]!["responses"]!.AsObject();
            Assert.False(responses.ContainsKey("200"), $"{step} answers 201, not 200");
            Assert.Equal("#/components/schemas/VerificationResponse", (string?)responses["201"]!["content"]!["application/json"]!["schema"]!["$ref"]);
            Assert.NotNull(responses["201"]!["headers"]!["Idempotent-Replayed"]);
        }
        foreach (var (path, method, operation) in Operations(document).Where(o => o.Method == "get"))
            Assert.True(operation["responses"]!["200"]?["content"] is JsonObject { Count: > 0 }, $"GET {path} documents the body of its 200");
    }

    [Fact]
    public async Task a_request_schema_requires_the_command_id_but_not_the_expected_version_and_enums_hold_no_null()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!.AsObject();

        var requests = schemas.Where(s => s.Key.EndsWith("Request", StringComparison.Ordinal)).ToList();
        Assert.True(requests.Count >= 20);
        foreach (var (name, schema) in requests)
        {
            var required = (schema!["required"] as JsonArray)?.Select(r => (string)r!).ToList() ?? [];
            Assert.DoesNotContain("expectedVersion", required);
            if (schema["properties"]?["commandId"] is { } commandId)
            {
                Assert.Contains("commandId", required);
                Assert.Equal("string", (string?)commandId["type"]);
            }
            Assert.Equal(false, (bool?)schema["additionalProperties"]);
        }
        foreach (var name in new[] { "FacilityKind", "DeviceKind", "ExemptionReason", "OnboardingStep" })
            Assert.DoesNotContain(null, schemas[name]!["enum"]!.AsArray());
    }

    [Fact]
    public async Task the_description_tells_a_client_to_resend_with_the_same_command_id_when_the_outcome_is_unknown()
    {
        var description = (string)(await DocumentAsync())["info"]!["description"]!;

        Assert.Contains("A 503, a timeout or a lost connection", description, StringComparison.Ordinal);
        Assert.Contains("same `commandId`", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_contract_check_judges_answers_against_the_document()
    {
        var contract = new ApiContract((await DocumentAsync()).ToJsonString());
        var problem = Encoding.UTF8.GetBytes("""{"type":"about:blank","title":"Not found","status":404,"detail":"facilityId: none","field":"facilityId"}""");
        const string Facility = "/api/tenants/{tenantId}/facilities/{facilityId}";

        Assert.Null(contract.Check("GET", Facility, 404, "application/problem+json", problem));
        Assert.Contains("does not list", contract.Check("GET", Facility, 418, "application/problem+json", problem), StringComparison.Ordinal);
        Assert.Contains("not application/problem+json", contract.Check("GET", Facility, 404, "text/plain", "oops"u8.ToArray()), StringComparison.Ordinal);
        Assert.Contains("empty body", contract.Check("GET", null, 405, null, []), StringComparison.Ordinal);
        Assert.Contains("does not fit", contract.Check("GET", Facility, 200, "application/json", """{"tenantId":1}"""u8.ToArray()), StringComparison.Ordinal);

        var before = server.Contract.Checked;
        using var client = server.CreateClient();
        await client.GetAsync("/api/tenants/any/facilities");
        Assert.True(server.Contract.Checked > before, "the test server's answers go through the check");
    }
}
