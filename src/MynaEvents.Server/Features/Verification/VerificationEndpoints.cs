using System.Security.Claims;
using JasperFx.Events.Projections;
using Marten;
using MynaEvents.Domain.Verification;
using MynaEvents.Server.Features.AccessRecords;
using MynaEvents.Server.Hosting;
using MynaEvents.Server.Security;
using MynaEvents.Server.Storage;

namespace MynaEvents.Server.Features.Verification;

/// <summary>
/// The reception check over HTTP: card read, identity (目視 or 暗証番号), online lookup,
/// fallback documents, and the check as it stands. One check is one stream.
/// </summary>
internal static class VerificationEndpoints
{
    public static IServiceCollection AddVerification(this IServiceCollection services)
    {
        services.AddSingleton<IEventTypeRegistration, VerificationEventTypes>();
        services.AddSingleton<VerificationAccess>();
        services.AddSingleton<VerificationCommands>();
        services.AddSingleton<VerificationLookup>();
        // A check's stream as Wolverine's aggregate handler workflow loads it for a command (Marten's live aggregation).
        services.ConfigureMarten(options => options.Projections.Add(new CheckWriteModelProjection(), ProjectionLifecycle.Live));
        return services;
    }

    public static RouteGroupBuilder MapVerification(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/tenants/{tenantId}/verifications/{verificationId}")
            .WithTags("Verification")
            .RequireAuthorization(MynaPolicies.Reception);

        // The commands are Wolverine.Http endpoints (Endpoints/*Endpoint.cs).
        group.MapGet("", GetAsync).WithSummary("The check as it stands, with personal fields while retained")
            .Produces<VerificationResponse>();
        return group;
    }

    private static async Task<IResult> GetAsync(string tenantId, string verificationId, ClaimsPrincipal user, VerificationCommands commands, VerificationAccess access,
        AccessRecorder recorder, CancellationToken ct)
    {
        var model = await commands.LoadAsync(tenantId, verificationId, ct);
        if (model.Version == 0) return VerificationInput.NotFound(verificationId);
        var facilityId = model.State.TreatedAtFacilityId!;
        if (!await access.MayActForAsync(user, tenantId, facilityId, ct))
            return VerificationInput.Forbidden("verificationId", "this check belongs to another facility");
        var response = await commands.RespondAsync(tenantId, verificationId, ct);
        // Recorded before the answer leaves, and only when personal fields are actually in it.
        if (response.Personal is { Shredded: false })
            await recorder.RecordReadAsync(tenantId, facilityId, AccessPurposes.Detail, [verificationId], user, ct);
        return TypedResults.Ok(response);
    }

    private sealed class VerificationEventTypes : IEventTypeRegistration
    {
        public void Register(EventTypeRegistry registry)
        {
            foreach (var (type, name) in VerificationEventNames.All) registry.Register(type, name);
        }
    }
}
