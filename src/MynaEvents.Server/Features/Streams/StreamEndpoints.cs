using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.Server.Storage;
using MynaEvents.Server.Idempotency;

namespace MynaEvents.Server.Features.Streams;

/// <summary>
/// The low-level stream API: append registered events to a tenant's stream and read them
/// back, also as of a version or a time. Domain commands build on the same store.
/// </summary>
internal static class StreamEndpoints
{
    public static RouteGroupBuilder MapStreams(this IEndpointRouteBuilder routes)
    {
        // Operators only: appending here bypasses every domain rule, so not even a group administrator may.
        var group = routes.MapGroup("/api/tenants/{tenantId}/streams/{streamId}").WithTags("Streams")
            .RequireAuthorization(Security.MynaPolicies.PlatformAdmin);
        group.MapPost("/events", AppendAsync)
            .WithName("AppendEvents")
            .WithSummary("Append events to a stream (idempotent by commandId)")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesValidationProblem();
        group.MapGet("/events", ReadAsync)
            .WithName("ReadStream")
            .WithSummary("Read a stream forward, optionally up to a version or as recorded by a time")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<AppendResponse>, ValidationProblem>> AppendAsync(
        string tenantId, string streamId, AppendRequest request, HttpContext http, EventStreams store, CancellationToken cancellationToken)
    {
        var errors = AppendValidation.Validate(tenantId, streamId, request, store.Types, out var events);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The append was refused; nothing was written");

        var expected = request.ExpectedVersion switch
        {
            null => ExpectedVersion.Any,
            0 => ExpectedVersion.NoStream,
            var v => ExpectedVersion.Exactly(v.Value),
        };
        var result = await store.AppendAsync(tenantId, streamId, expected, events, new AppendOptions
        {
            CommandId = request.CommandId,
            OccurredAt = request.OccurredAt,
            CorrelationId = request.CorrelationId,
            CausationId = request.CausationId,
            DeviceId = request.DeviceId,
            Actor = request.Actor,
        }, cancellationToken);

        // A resent command id gets what the first send wrote, as the first send got it.
        if (result.Duplicate) http.MarkReplayed();
        return TypedResults.Created($"/api/tenants/{tenantId}/streams/{streamId}/events?fromVersion={result.FromVersion + 1}",
            new AppendResponse(streamId, result.FromVersion, result.ToVersion, Text(result.FirstSequence), Text(result.LastSequence)));
    }

    private static async Task<Results<Ok<StreamResponse>, ProblemHttpResult>> ReadAsync(
        string tenantId, string streamId, EventStreams store, CancellationToken cancellationToken,
        long fromVersion = 1, long? upToVersion = null, DateTimeOffset? asOf = null)
    {
        if (fromVersion < 1)
            return TypedResults.Problem(title: "Invalid query", detail: "fromVersion: must be 1 or more", statusCode: StatusCodes.Status400BadRequest);
        if (upToVersion < 0)
            return TypedResults.Problem(title: "Invalid query", detail: "upToVersion: must be 0 or more", statusCode: StatusCodes.Status400BadRequest);
        if (upToVersion is not null && asOf is not null)
            return TypedResults.Problem(title: "Invalid query", detail: "asOf: give either upToVersion or asOf, not both", statusCode: StatusCodes.Status400BadRequest);

        if (await store.GetStreamVersionAsync(tenantId, streamId, cancellationToken) == 0)
            return TypedResults.Problem(title: "Stream not found", detail: $"streamId: no stream '{streamId}' in this tenant", statusCode: StatusCodes.Status404NotFound);

        var limit = upToVersion is { } v ? StreamLimit.UpToVersion(v) : asOf is { } t ? StreamLimit.AsOfTime(t) : StreamLimit.Latest;
        var events = new List<StreamEventResponse>();
        foreach (var e in await store.FetchAsync(tenantId, streamId, fromVersion, limit, cancellationToken))
            events.Add(new StreamEventResponse(Text(e.Sequence), e.Version, e.EventType, e.Data, e.Metadata.OccurredAt, e.RecordedAt,
                e.Metadata.CommandId, e.Metadata.CorrelationId, e.Metadata.CausationId, e.Metadata.DeviceId, e.Metadata.Actor));
        return TypedResults.Ok(new StreamResponse(tenantId, streamId, events.Count == 0 ? 0 : events[^1].Version, events));
    }

    /// <summary>A position in the global order of events, as text (Marten's sequence number).</summary>
    private static string Text(long sequence) => sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
