using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using MynaEvents.Server.Idempotency;

namespace MynaEvents.Server.OpenApi;

/// <summary>
/// The served API description (<c>/openapi/v1.json</c>) is the contract clients are built from:
/// it says who may call each operation (the bearer scheme and the roles), what a resend gets,
/// and every status an operation can answer. A contract test checks the server against it.
/// </summary>
internal static class ApiDocument
{
    public const string BearerScheme = "bearer";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo { Title = "MynaEvents API", Version = "1", Description = Description };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A person's token (myna_usr_…, from POST …/people or …/people/{personId}/token), a device's credential " +
                        "(myna_dev_…, from POST /api/devices/activate) or the platform administrator's token (MYNA_BOOTSTRAP_ADMIN_TOKEN).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(async (operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
                if (policies.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
                    operation.Description = string.Join(" ", new[] { operation.Description, $"Who: {string.Join("; ", policies.Select(Who))}." }.Where(t => !string.IsNullOrEmpty(t)));
                    // The same roles in a form a client can read, taken from the policies themselves.
                    var roles = await RolesAsync(context.ApplicationServices.GetRequiredService<IAuthorizationPolicyProvider>(), policies);
                    operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                    operation.Extensions["x-myna-roles"] = new JsonNodeExtension(new JsonArray([.. roles.Select(r => JsonValue.Create(r))]));
                }
                if (context.Description.ParameterDescriptions.Any(p => p.Type?.GetProperty("CommandId") is not null) && operation.Responses is { } responses)
                {
                    foreach (var (status, response) in responses.Where(r => r.Key.StartsWith('2')))
                    {
                        if (response is not OpenApiResponse concrete) continue;
                        concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                        concrete.Headers[Resends.ReplayedHeader] = new OpenApiHeader
                        {
                            Description = "\"true\" when this is the first answer again, given to a resend of the same commandId; nothing new was written.",
                            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("true")] },
                        };
                    }
                }
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                var type = context.JsonTypeInfo.Type;
                if (IsRequest(type)) RequiredMeansPresent(schema);
                // A nullable enum property is oneOf [null, the enum]: the enum itself must not also admit null.
                if ((Nullable.GetUnderlyingType(type) ?? type).IsEnum)
                    schema.Enum = schema.Enum?.Where(value => value is not null).ToList();
                if (type == typeof(ProblemDetails) || type == typeof(HttpValidationProblemDetails)) DescribeExtensions(schema);
                return Task.CompletedTask;
            });
        });

    /// <summary>
    /// Requests state what is required through their record parameters (optional ones have a
    /// default); a required field is not nullable either, although the record types it so to
    /// name it in errors rather than fail in the parser.
    /// </summary>
    private static void RequiredMeansPresent(OpenApiSchema schema)
    {
        if (schema.Properties is not { } properties || schema.Required is not { } required) return;
        foreach (var name in required)
        {
            if (!properties.TryGetValue(name, out var property) || property is not OpenApiSchema concrete) continue;
            if (concrete.Type is { } type) concrete.Type = type & ~JsonSchemaType.Null;
            if (concrete.OneOf is { Count: 2 } alternatives && alternatives.Any(IsNull))
            {
                properties[name] = alternatives.First(a => !IsNull(a));
            }
        }
    }

    private static bool IsNull(IOpenApiSchema schema) => schema is OpenApiSchema { Type: JsonSchemaType.Null };

    /// <summary>The members our problems add to RFC 9457's.</summary>
    private static void DescribeExtensions(OpenApiSchema schema)
    {
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["field"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request field (or path value, or query parameter) at fault." };
        schema.Properties["rule"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The rule the field broke, for clients to act on." };
        schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The trace id to find this request in the server's logs and traces." };
        schema.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "When several fields are at fault: each field with the rules it broke.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
    }

    private static bool IsRequest(Type type) =>
        type.GetCustomAttributes(typeof(JsonUnmappedMemberHandlingAttribute), false) is [JsonUnmappedMemberHandlingAttribute { UnmappedMemberHandling: JsonUnmappedMemberHandling.Disallow }];

    private static async Task<SortedSet<string>> RolesAsync(IAuthorizationPolicyProvider provider, IEnumerable<string> policies)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in policies)
            foreach (var requirement in (await provider.GetPolicyAsync(name))?.Requirements ?? [])
                switch (requirement)
                {
                    case Security.Authorization.TenantRoleRequirement tenantRoles:
                        roles.UnionWith(tenantRoles.Roles);
                        break;
                    case ClaimsAuthorizationRequirement { ClaimType: Security.MynaClaims.Role } claims:
                        roles.UnionWith(claims.AllowedValues ?? []);
                        break;
                }
        return roles;
    }

    private static string Who(string policy) => policy switch
    {
        Security.MynaPolicies.GroupAdmin => "a group administrator of the group (or the platform administrator)",
        Security.MynaPolicies.GroupReader => "an auditor or group administrator of the group (or the platform administrator)",
        Security.MynaPolicies.Reception => "a device of the group (its credential) or reception staff, of the facility or its active co-location partner",
        Security.MynaPolicies.Device => "the device itself (its credential)",
        Security.MynaPolicies.FacilityReader => "an auditor or group administrator of the group, or reception staff of the facility",
        Security.MynaPolicies.PlatformAdmin => "the platform administrator only",
        _ => policy,
    };

    private const string Description = """
        The event-sourced backend behind online eligibility confirmation (オンライン資格確認, 資格確認限定型) with the
        My Number card, for judo (柔道整復) and ahaki (あはき) clinic groups.

        **Authentication.** Every /api/tenants/{tenantId}/… operation needs `Authorization: Bearer <token>` of that group
        (people: `myna_usr_…`; card-reader devices: `myna_dev_…`); each operation says who may call it.

        **Commands and resends.** Every state-changing request carries a client-generated `commandId` (a UUID). A resend
        with the same `commandId` gets the first answer again — the same status code and the same body, with the header
        `Idempotent-Replayed: true` — and writes nothing. A command id names exactly one command: reusing it for another
        is refused (422, rule `command_id_reused`).

        **Unknown outcome: resend.** A 503, a timeout or a lost connection does not mean the command failed: it may have
        been committed before the answer was lost. Resend the same request with the same `commandId` until an answer
        arrives; never make a new command id for it. The card-reader node does exactly that from its durable queue.

        **Errors.** Every error is RFC 9457 `application/problem+json` whose `detail` starts with the field, with the
        extensions `field` and `rule` where one field is at fault, and `errors` (field → rules) for several. A refused
        command writes nothing.

        **Personal data.** Results carry personal fields until the end of the month after treatment (翌月末, JST);
        after that they are absent from every answer. Every read of personal data is recorded.
        """;
}
