using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace MynaEvents.Server.Tests.Contract;

/// <summary>
/// The served OpenAPI document as a judge of answers: is this status listed for the operation,
/// is the body of a listed media type, and does it fit that media type's schema. Every error of
/// the API must be problem+json, documented or not.
/// </summary>
internal sealed class ApiContract
{
    private const string ProblemJson = "application/problem+json";

    private readonly JsonObject _paths;
    private readonly JsonObject _schemas;
    private readonly ConcurrentDictionary<string, JsonSchema> _compiled = new(StringComparer.Ordinal);

    public ApiContract(string document)
    {
        var root = JsonNode.Parse(document)!.AsObject();
        _paths = root["paths"]!.AsObject();
        _schemas = root["components"]?["schemas"]?.AsObject() ?? [];
    }

    /// <summary>The operation's path template as the document names it (no trailing slash).</summary>
    public static string PathOf(string routePattern)
    {
        var path = "/" + routePattern.Trim('/');
        return path;
    }

    public bool HasOperation(string method, string path) =>
        _paths[path]?[method.ToLowerInvariant()] is JsonObject;

    /// <summary>Null when the answer keeps the contract; otherwise what it breaks.</summary>
    public string? Check(string method, string? path, int status, string? contentType, byte[] body)
    {
        var mediaType = contentType?.Split(';')[0].Trim();
        if (status >= 400 && body.Length > 0 && mediaType != ProblemJson)
            return $"{status} answered with {mediaType ?? "no content type"}, not {ProblemJson}";
        if (status >= 400 && body.Length == 0)
            return $"{status} answered with an empty body, not {ProblemJson}";
        if (path is null) return null; // no operation matched (unknown path, wrong method): problem+json is all we can ask

        var operation = _paths[path]?[method.ToLowerInvariant()] as JsonObject;
        if (operation is null) return $"{method} {path} is not in the API description";
        if (operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is not JsonObject response)
            return $"{method} {path} answered {status}, which the API description does not list";
        if (response["content"] is not JsonObject content || content.Count == 0)
            return body.Length == 0 ? null : $"{method} {path} {status} has a body although the API description documents none";
        if (mediaType is null || content[mediaType] is not JsonObject media)
            return $"{method} {path} {status} answered {mediaType ?? "no content type"}; the API description lists {string.Join(", ", content.Select(c => c.Key))}";
        if (media["schema"] is not JsonObject schema || mediaType is not ("application/json" or ProblemJson)) return null;

        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException e)
        {
            return $"{method} {path} {status}: the body is not JSON ({e.Message})";
        }
        var compiled = _compiled.GetOrAdd(schema.ToJsonString(), Compile);
        var results = compiled.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (results.IsValid) return null;
        return $"{method} {path} {status}: the body does not fit its schema: {string.Join("; ", Failures(results).Distinct().Take(5))}";
    }

    // Only what failed on a failing path: a passing oneOf also reports its other branch's errors.
    private static IEnumerable<string> Failures(EvaluationResults node)
    {
        if (node.IsValid) yield break;
        foreach (var (keyword, error) in node.Errors ?? new Dictionary<string, string>())
            yield return $"{node.InstanceLocation}: {keyword}: {error}";
        foreach (var failure in (node.Details ?? []).SelectMany(Failures)) yield return failure;
    }

    // A document's schemas refer to each other under #/components/schemas; a standalone JSON
    // Schema carries them under $defs.
    private JsonSchema Compile(string schema)
    {
        var defs = _schemas.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        var target = JsonNode.Parse(schema.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!.AsObject();
        // $defs before the keywords that refer into it: the library resolves in document order.
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = JsonNode.Parse(defs),
        };
        foreach (var (name, value) in target) root[name] = value?.DeepClone();
        return JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }
}
