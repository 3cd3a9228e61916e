using System.Security.Claims;
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
        return services;
    }

    public static RouteGroupBuilder MapVerification(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/tenants/{tenantId}/verifications/{verificationId}")
            .WithTags("Verification")
            .RequireAuthorization(MynaPolicies.Reception);

        group.MapPost("/card-read", (string tenantId, string verificationId, CardReadRequest request, ClaimsPrincipal user, HttpContext http, VerificationCommands commands, CancellationToken ct) =>
            commands.ReadCardAsync(tenantId, verificationId, request, user, http, ct)).WithSummary("The card was read (starts the check)")
            .Produces<VerificationResponse>(StatusCodes.Status201Created);
        group.MapPost("/identity", (string tenantId, string verificationId, IdentityRequest request, ClaimsPrincipal user, HttpContext http, VerificationCommands commands, CancellationToken ct) =>
            commands.VerifyIdentityAsync(tenantId, verificationId, request, user, http, ct)).WithSummary("The patient's identity was checked (目視 or 暗証番号)")
            .Produces<VerificationResponse>(StatusCodes.Status201Created);
        group.MapPost("/lookup", (string tenantId, string verificationId, LookupRequest request, ClaimsPrincipal user, HttpContext http, VerificationLookup lookup, CancellationToken ct) =>
            lookup.LookUpAsync(tenantId, verificationId, request, user, http, ct)).WithSummary("Ask the national system; retry after a failure until 翌月末")
            .Produces<VerificationResponse>(StatusCodes.Status201Created);
        group.MapPost("/fallback", (string tenantId, string verificationId, FallbackRequest request, ClaimsPrincipal user, HttpContext http, VerificationCommands commands, CancellationToken ct) =>
            commands.RecordFallbackAsync(tenantId, verificationId, request, user, http, ct)).WithSummary("Eligibility confirmed from a document or a past record")
            .Produces<VerificationResponse>(StatusCodes.Status201Created);
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
