using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Features.Facilities.Directory;
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

    public static void MapStructureQueries(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/branches", BranchesAsync)
            .RequireAuthorization(MynaPolicies.GroupReader)
            .WithName("ListBranches")
            .WithSummary("The group's branches, each with the facilities registered at it");
        tenant.MapGet("/colocations", ColocationsAsync)
            .RequireAuthorization(MynaPolicies.GroupReader)
            .WithName("ListColocations")
            .WithSummary("The group's co-location declarations (併設申告), in force and withdrawn, newest first");
        tenant.MapGet("/facilities/{facilityId}/colocations", FacilityColocationsAsync)
            .RequireAuthorization(MynaPolicies.GroupReader)
            .RequireKnownFacility()
            .WithName("ListFacilityColocations")
            .WithSummary("The co-location declarations naming this facility, in force and withdrawn, newest first");
        tenant.MapGet("/facilities/{facilityId}/devices", DevicesAsync)
            .RequireAuthorization(MynaPolicies.GroupReader)
            .RequireKnownFacility()
            .WithName("ListDevices")
            .WithSummary("The facility's devices with their state: awaiting_activation, active or retired");
    }

    public static string Location(string tenantId, string facilityId) => $"/api/tenants/{tenantId}/facilities/{facilityId}";

    public static ProblemHttpResult UnknownFacility(string facilityId) =>
        CommandAnswers.NotFound("facilityId", $"there is no facility '{facilityId}' in this clinic group");

    private static async Task<Results<Ok<GroupFacilitiesResponse>, ProblemHttpResult>> ListAsync(
        string tenantId, FacilityViews views, CancellationToken cancellationToken) =>
        await views.GroupFacilitiesAsync(tenantId, cancellationToken) is { } group ? TypedResults.Ok(group) : UnknownGroup(tenantId);

    private static async Task<Results<Ok<FacilityResponse>, ProblemHttpResult>> GetAsync(
        string tenantId, string facilityId, FacilityViews views, CancellationToken cancellationToken) =>
        await views.FacilityAsync(tenantId, facilityId, cancellationToken) is { } facility
            ? TypedResults.Ok(facility)
            : UnknownFacility(facilityId);

    private static async Task<Results<Ok<BranchesResponse>, ProblemHttpResult>> BranchesAsync(
        string tenantId, FacilityViews views, CancellationToken cancellationToken)
    {
        var (group, version) = await views.GroupAsync(tenantId, cancellationToken);
        if (!group.Exists) return UnknownGroup(tenantId);
        return TypedResults.Ok(new BranchesResponse(tenantId, version, [.. group.Branches.Select(b =>
            new BranchEntry(b.BranchId, b.Name, b.Address, [.. group.FacilitiesOf(b.BranchId).Select(f => f.FacilityId)]))]));
    }

    private static async Task<Results<Ok<ColocationsResponse>, ProblemHttpResult>> ColocationsAsync(
        string tenantId, FacilityViews views, FacilityDirectory directory, CancellationToken cancellationToken)
    {
        if (!(await views.GroupAsync(tenantId, cancellationToken)).State.Exists) return UnknownGroup(tenantId);
        return TypedResults.Ok(new ColocationsResponse(tenantId, [.. (await directory.ColocationsAsync(tenantId, null, cancellationToken)).Select(Entry)]));
    }

    private static async Task<Ok<ColocationsResponse>> FacilityColocationsAsync(
        string tenantId, string facilityId, FacilityDirectory directory, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ColocationsResponse(tenantId, [.. (await directory.ColocationsAsync(tenantId, facilityId, cancellationToken)).Select(Entry)]));

    private static async Task<Ok<DevicesResponse>> DevicesAsync(
        string tenantId, string facilityId, FacilityDirectory directory, [FromServices] IDeviceCredentials credentials, CancellationToken cancellationToken)
    {
        var activated = await credentials.ActivatedAtAsync(tenantId, facilityId, cancellationToken);
        var devices = await directory.DevicesOfAsync(tenantId, facilityId, cancellationToken);
        return TypedResults.Ok(new DevicesResponse(facilityId, [.. devices.Select(d =>
        {
            var activatedAt = d.Active && activated.TryGetValue(d.DeviceId, out var at) ? at : (DateTimeOffset?)null;
            var state = !d.Active ? "retired" : activatedAt is null ? "awaiting_activation" : "active";
            return new DeviceEntry(d.DeviceId, d.Kind, d.Label, state, d.RegisteredAt, activatedAt, d.RetiredAt);
        })]));
    }

    private static ColocationEntry Entry(DirectoryColocation c) => new(c.ColocationId, c.BranchId, c.JudoFacilityId, c.AhakiFacilityId,
        c.PrimaryFacilityId, c.SharedDeviceIds, c.DeclaredAt, c.WithdrawnAt, c.IsActive);

    private static ProblemHttpResult UnknownGroup(string tenantId) =>
        CommandAnswers.NotFound("tenantId", $"the clinic group '{tenantId}' has not been created");
}
