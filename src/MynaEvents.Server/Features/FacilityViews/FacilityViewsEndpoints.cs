using System.Security.Claims;
using MynaEvents.Server.Features.AccessRecords;
using MynaEvents.Server.Features.Facilities.Directory;
using MynaEvents.Server.Security;

namespace MynaEvents.Server.Features.FacilityCheckViews;

/// <summary>
/// A facility's view of reception checks: its own and those shared with it by a co-location
/// declaration. Group readers (auditors, administrators) read any facility of their group;
/// reception staff only their own facility's view.
/// </summary>
internal static class FacilityViewsEndpoints
{
    public static RouteGroupBuilder MapFacilityViewRoutes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/tenants/{tenantId}/facilities/{facilityId}/checks")
            .WithTags("Facility views")
            .RequireAuthorization(MynaPolicies.FacilityReader)
            .RequireKnownFacility();

        group.MapGet("", SearchAsync).WithSummary("The facility's checks (own and shared), newest treatment first, while retained (翌月末)")
            .Produces<FacilityChecksPage>();
        group.MapGet("/{verificationId}", DetailAsync).WithSummary("One check in the facility's view, while retained (翌月末)")
            .Produces<FacilityCheckView>();
        return group;
    }

    private static async Task<IResult> SearchAsync(string tenantId, string facilityId, string? from, string? to, string? kanaPrefix, string? outcome, string? limit,
        ClaimsPrincipal user, FacilityCheckQueries queries, AccessRecorder access, CancellationToken ct)
    {
        if (Refusal(user, facilityId) is { } refused) return refused;
        var (search, errors) = FacilityCheckInput.Parse(from, to, kanaPrefix, outcome, limit);
        if (search is null) return FacilityCheckInput.Invalid(errors);
        var checks = await queries.SearchAsync(tenantId, facilityId, search, ct);
        await access.RecordReadAsync(tenantId, facilityId, AccessPurposes.Search, PersonalShown(checks), user, ct);
        return TypedResults.Ok(new FacilityChecksPage(facilityId, checks.Count, checks));
    }

    private static async Task<IResult> DetailAsync(string tenantId, string facilityId, string verificationId, ClaimsPrincipal user, FacilityCheckQueries queries,
        AccessRecorder access, CancellationToken ct)
    {
        if (Refusal(user, facilityId) is { } refused) return refused;
        if (await queries.FindAsync(tenantId, facilityId, verificationId, ct) is not { } check) return FacilityCheckInput.NotFound(verificationId);
        await access.RecordReadAsync(tenantId, facilityId, AccessPurposes.Detail, PersonalShown([check]), user, ct);
        return TypedResults.Ok(check);
    }

    // Only checks whose personal fields are actually returned (retained, not shredded) are access to personal data.
    private static List<string> PersonalShown(IEnumerable<FacilityCheckView> checks) =>
        [.. checks.Where(c => c.Personal is { Shredded: false }).Select(c => c.VerificationId)];

    // The policy has already checked tenant and role; what is left is staff's own facility.
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Refusal(ClaimsPrincipal user, string facilityId) =>
        user.Role() == MynaRoles.ReceptionStaff && !string.Equals(user.FacilityId(), facilityId, StringComparison.Ordinal)
            ? FacilityCheckInput.Forbidden("facilityId", "reception staff read only their own facility's view (which includes results shared with it by co-location)")
            : null;
}
