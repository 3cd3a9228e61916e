using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using JasperFx;
using Marten.Events.Daemon.Coordination;
using MynaEvents.Server.Storage.Projections;
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

    private static async Task<Ok<List<ProjectionResponse>>> ListAsync(ProjectionAdmin admin, IProjectionCoordinator coordinator,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var responses = new List<ProjectionResponse>();
        foreach (var c in await admin.ListAsync(cancellationToken))
        {
            var leading = coordinator.Runs(c.Name);
            var progress = await admin.ProgressAsync(c.Position, cancellationToken);
            long? lagEvents = leading ? progress.Remaining : null;
            double? lagSeconds = leading ? progress.OldestRemaining is { } at ? Math.Max(0, (time.GetUtcNow() - at).TotalSeconds) : 0 : null;
            responses.Add(new ProjectionResponse(c.Name, c.Position.ToString(System.Globalization.CultureInfo.InvariantCulture),
                progress.Applied, leading,
                lagEvents, lagSeconds, c.RebuildRequestedAt, c.RebuildStartedAt, c.UpdatedAt));
        }
        return TypedResults.Ok(responses);
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RebuildAsync(string name, RebuildProjectionRequest request, HttpContext http,
        ProjectionAdmin admin, CancellationToken cancellationToken)
    {
        if (request.CommandId is not { } commandId || commandId == Guid.Empty)
            return Problems.Field(StatusCodes.Status400BadRequest, "Malformed command; nothing was written", "commandId", "required", Resends.CommandIdRule);
        switch (await admin.RequestRebuildAsync(name, commandId, cancellationToken))
        {
            case RebuildRequest.UnknownProjection:
                return Problems.NotFound("name", "unknown_projection", $"no async projection is named '{name}'; known: {string.Join(", ", await admin.NamesAsync(cancellationToken))}");
            case RebuildRequest.Repeated:
                http.MarkReplayed();
                break;
        }
        return TypedResults.Accepted("/api/projections");
    }
}
