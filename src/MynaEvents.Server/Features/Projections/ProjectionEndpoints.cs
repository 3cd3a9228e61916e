using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.EventStore.Projections;

namespace MynaEvents.Server.Features.Projections;

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
            .WithSummary("Empty a projection and replay it from position zero while the system runs")
            .ProducesProblem(StatusCodes.Status404NotFound);
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

    private static async Task<Results<Accepted, ProblemHttpResult>> RebuildAsync(string name, ProjectionAdmin admin, CancellationToken cancellationToken) =>
        await admin.RequestRebuildAsync(name, cancellationToken)
            ? TypedResults.Accepted("/api/projections")
            : TypedResults.Problem(title: "Projection not found", detail: $"name: no projection '{name}' has ever run", statusCode: StatusCodes.Status404NotFound);
}
