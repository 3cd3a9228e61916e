using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Security;
using MynaEvents.Server.Features.Facilities.Contracts;
using MynaEvents.Server.Features.Facilities.Views;

namespace MynaEvents.Server.Features.Facilities.Endpoints;

/// <summary>What group administrators and auditors read: the group's facilities, and one facility in full.</summary>
internal static class FacilityEndpoints
{
    public static void MapFacilityQueries(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/facilities", ListAsync)
            .RequireAuthorization(MynaPolicies.GroupReader)
            .WithName("ListFacilities")
            .WithSummary("The group's branches and facilities, each with its next onboarding step and obligation status");
        tenant.MapGet("/facilities/{facilityId}", GetAsync)
            .RequireAuthorization(MynaPolicies.GroupReader)
            .WithName("GetFacility")
            .WithSummary("One facility: onboarding checklist, applications, devices, exemption, co-location and obligation status");
    }

    public static string Location(string tenantId, string facilityId) => $"/api/tenants/{tenantId}/facilities/{facilityId}";

    public static ProblemHttpResult UnknownFacility(string facilityId) =>
        CommandAnswers.NotFound("facilityId", $"there is no facility '{facilityId}' in this clinic group");

    private static async Task<Results<Ok<GroupFacilitiesResponse>, ProblemHttpResult>> ListAsync(
        string tenantId, FacilityViews views, CancellationToken cancellationToken) =>
        await views.GroupFacilitiesAsync(tenantId, cancellationToken) is { } group
            ? TypedResults.Ok(group)
            : CommandAnswers.NotFound("tenantId", $"the clinic group '{tenantId}' has not been created");

    private static async Task<Results<Ok<FacilityResponse>, ProblemHttpResult>> GetAsync(
        string tenantId, string facilityId, FacilityViews views, CancellationToken cancellationToken) =>
        await views.FacilityAsync(tenantId, facilityId, cancellationToken) is { } facility
            ? TypedResults.Ok(facility)
            : UnknownFacility(facilityId);
}
