using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.EventStore.Projections;
using MynaEvents.Server.Errors;
using MynaEvents.Server.Idempotency;

namespace MynaEvents.Server.Features.Projections;

/// <summary>Asks for a rebuild; <c>commandId</c> keeps a resend from restarting it.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RebuildProjectionRequest(Guid? CommandId);

public sealed record ProjectionResponse(
    string Name,
    string Position,
    long EventsApplied,
    bool LedByThisProcess,
    long? LagEvents,
    double? LagSeconds,
    DateTimeOffset? RebuildRequestedAt,
    DateTimeOffset? RebuildStartedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Operators' view of the async projections, and the rebuild command.</summary>
internal static class ProjectionEndpoints
{
    public static RouteGroupBuilder MapProjections(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/projections").WithTags("Projections")
            .RequireAuthorization(Security.MynaPolicies.PlatformAdmin);
        group.MapGet("/", ListAsync).WithName("ListProjections").WithSummary("Where each async projection is, and its lag");
        group.MapPost("/{name}/rebuild", RebuildAsync)
            .WithName("RebuildProjection")
            .WithSummary("Empty a projection and replay it from position zero while the system runs (a resend of the same commandId does not restart it)");
        return group;
    }

    private static async Task<Ok<List<ProjectionResponse>>> ListAsync(ProjectionAdmin admin, ProjectionDaemon daemon, CancellationToken cancellationToken)
    {
        var local = daemon.Statuses.ToDictionary(s => s.Name);
        var checkpoints = await admin.ListAsync(cancellationToken);
        return TypedResults.Ok(checkpoints.Select(c =>
        {
            var status = local.GetValueOrDefault(c.Name);
            var leading = status?.IsLeading == true;
            return new ProjectionResponse(c.Name, c.Position.ToString(), c.EventsApplied, leading,
                leading ? status!.LagEvents : null, leading ? status!.LagSeconds : null,
                c.RebuildRequestedAt, c.RebuildStartedAt, c.UpdatedAt);
        }).ToList());
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RebuildAsync(string name, RebuildProjectionRequest request, HttpContext http,
        ProjectionAdmin admin, CancellationToken cancellationToken)
    {
        if (request.CommandId is not { } commandId || commandId == Guid.Empty)
            return Problems.Field(StatusCodes.Status400BadRequest, "Malformed command; nothing was written", "commandId", "required", Resends.CommandIdRule);
        switch (await admin.RequestRebuildAsync(name, commandId, cancellationToken))
        {
            case RebuildRequest.UnknownProjection:
                return Problems.NotFound("name", "unknown_projection", $"no projection '{name}' has ever run");
            case RebuildRequest.Repeated:
                http.MarkReplayed();
                break;
        }
        return TypedResults.Accepted("/api/projections");
    }
}
