using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace MynaEvents.Server.OpenApi;

/// <summary>
/// The error answers every endpoint can give, declared once from what the endpoint is rather
/// than by hand on each: 401/403 when it needs a token, 400/413/415 when it takes a body, 400
/// when it reads a query, 404 when its path names something, 409/422 for commands (a command id
/// and an expected version), 503 for anything that needs the database. An endpoint that
/// declares a status itself keeps its own declaration.
/// </summary>
internal static class StandardResponses
{
    private static readonly string[] ProblemJson = ["application/problem+json"];

    public static TBuilder WithStandardResponses<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            var statuses = StatusesOf(endpoint);
            var declared = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).ToHashSet();
            foreach (var status in statuses.Where(s => !declared.Contains(s)))
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ProblemJson));
        });
        return builder;
    }

    private static SortedSet<int> StatusesOf(EndpointBuilder endpoint)
    {
        var statuses = new SortedSet<int>();
        var pattern = (endpoint as RouteEndpointBuilder)?.RoutePattern;
        if (pattern is null || !pattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal)) return statuses;

        statuses.Add(StatusCodes.Status503ServiceUnavailable);
        if (endpoint.Metadata.OfType<IAuthorizeData>().Any() && !endpoint.Metadata.OfType<IAllowAnonymous>().Any())
        {
            statuses.Add(StatusCodes.Status401Unauthorized);
            statuses.Add(StatusCodes.Status403Forbidden);
        }
        var routeValues = pattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (routeValues.Count > 0) statuses.Add(StatusCodes.Status404NotFound);

        var body = endpoint.Metadata.OfType<IAcceptsMetadata>().FirstOrDefault()?.RequestType;
        if (body is not null)
        {
            statuses.Add(StatusCodes.Status400BadRequest);
            statuses.Add(StatusCodes.Status413PayloadTooLarge);
            statuses.Add(StatusCodes.Status415UnsupportedMediaType);
            if (body.GetProperty("CommandId") is not null)
            {
                statuses.Add(StatusCodes.Status409Conflict);
                statuses.Add(StatusCodes.Status422UnprocessableEntity);
            }
        }
        if (endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault() is { } handler
            && handler.GetParameters().Any(p => IsQueryValue(p) && !routeValues.Contains(p.Name!)))
            statuses.Add(StatusCodes.Status400BadRequest);
        return statuses;
    }

    private static bool IsQueryValue(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return type.IsPrimitive || type == typeof(string) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(Guid);
    }
}
