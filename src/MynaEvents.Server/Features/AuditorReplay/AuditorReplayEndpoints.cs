using System.Security.Claims;
using MynaEvents.Server.Features.AccessRecords;
using MynaEvents.Server.Features.Facilities.Directory;
using MynaEvents.Server.Security;

namespace MynaEvents.Server.Features.AuditorReplay;

/// <summary>
/// Read-only replay of a facility's checks from the event log, for group readers: auditors
/// and administrators of the route's group (the policy refuses reception staff, devices and
/// other groups).
/// </summary>
internal static class AuditorReplayEndpoints
{
    public static RouteGroupBuilder MapAuditorReplayRoutes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/tenants/{tenantId}/facilities/{facilityId}")
            .WithTags("Auditor replay")
            .RequireAuthorization(MynaPolicies.GroupReader)
            .RequireKnownFacility();

        group.MapGet("/history", HistoryAsync)
            .WithSummary($"Every check of the facility (own and shared) first recorded in [from, to) (at most {AuditorReplayInput.MaxRangeDays} days), replayed from its events")
            .Produces<FacilityHistory>();
        group.MapGet("/checks-as-of", AsOfAsync)
            .WithSummary("The facility's checks as they stood at an instant, folded from the events recorded by then")
            .Produces<FacilityChecksAsOf>();
        return group;
    }

    private static async Task<IResult> HistoryAsync(string tenantId, string facilityId, string? from, string? to, AuditorReplayReader reader,
        AccessRecorder access, ClaimsPrincipal user, CancellationToken ct)
    {
        var (start, end, errors) = AuditorReplayInput.ParseRange(from, to);
        if (errors.Count > 0) return AuditorReplayInput.Invalid(errors);
        var (checks, truncated) = await reader.HistoryAsync(tenantId, facilityId, start, end, ct);
        await access.RecordReadAsync(tenantId, facilityId, AccessPurposes.Audit, PersonalShown(checks), user, ct);
        return TypedResults.Ok(new FacilityHistory(facilityId, start, end, checks.Count, truncated, checks));
    }

    private static async Task<IResult> AsOfAsync(string tenantId, string facilityId, string? at, AuditorReplayReader reader, TimeProvider time,
        AccessRecorder access, ClaimsPrincipal user, CancellationToken ct)
    {
        var (instant, errors) = AuditorReplayInput.ParseAt(at, time.GetUtcNow());
        if (errors.Count > 0) return AuditorReplayInput.Invalid(errors);
        var (checks, truncated) = await reader.AsOfAsync(tenantId, facilityId, instant, ct);
        await access.RecordReadAsync(tenantId, facilityId, AccessPurposes.Audit, PersonalShown(checks), user, ct);
        return TypedResults.Ok(new FacilityChecksAsOf(facilityId, instant, checks.Count, truncated, checks));
    }

    // Only checks whose personal fields are actually returned (retained, not shredded) are access to personal data.
    private static List<string> PersonalShown(IEnumerable<ReplayedCheck> checks) =>
        [.. checks.Where(c => c.Personal is { Shredded: false }).Select(c => c.VerificationId)];
}
