using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.Domain.Tenancy;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Features.Facilities.Contracts;
using MynaEvents.Server.Security;

namespace MynaEvents.Server.Features.Facilities.Endpoints;

/// <summary>
/// The clinic group (法人/グループ) and its structure: creating the group is the platform
/// administrator's act (the tenant's first administrator is created after it); branches and
/// facilities are the group administrator's.
/// </summary>
internal static class GroupEndpoints
{
    public static void MapGroupCommands(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/group", CreateAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("CreateGroup")
            .WithSummary("Create the clinic group of this tenant id (platform administrator only)");
        tenant.MapPost("/branches", OpenBranchAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("OpenBranch")
            .WithSummary("Open a branch of the group");
        tenant.MapPost("/facilities", RegisterFacilityAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("RegisterFacility")
            .WithSummary("Register a judo or ahaki facility (施術所) at a branch; at most one of each kind per branch");
    }

    private static async Task<Results<Created<CommandResponse>, ProblemHttpResult>> CreateAsync(
        string tenantId, CreateGroupRequest request, ClaimsPrincipal user, HttpContext http, FacilityCommands commands, CancellationToken cancellationToken)
    {
        if (CommandAnswers.Envelope(request, tenantId, user, out var context) is { } malformed) return malformed;
        if (!user.IsPlatformAdmin())
            return CommandAnswers.Forbidden("tenantId", "platform_admin_only",
                "only the platform administrator creates clinic groups; a group administrator acts within an existing group");
        if (!Identifiers.IsValid(tenantId))
            return CommandAnswers.BadRequest("tenantId", "identifier_format", Identifiers.Rule);
        var outcome = await commands.OnGroupAsync(context, group => GroupDecider.Decide(group, new CreateGroup(request.Name)), cancellationToken);
        return CommandAnswers.Answer(http, outcome, tenantId, $"/api/tenants/{tenantId}/facilities");
    }

    private static async Task<Results<Created<CommandResponse>, ProblemHttpResult>> OpenBranchAsync(
        string tenantId, OpenBranchRequest request, ClaimsPrincipal user, HttpContext http, FacilityCommands commands, CancellationToken cancellationToken)
    {
        if (CommandAnswers.Envelope(request, tenantId, user, out var context) is { } malformed) return malformed;
        var branchId = FacilityStreams.NewBranchId(context.CommandId);
        var outcome = await commands.OnGroupAsync(context,
            group => GroupDecider.Decide(group, new OpenBranch(branchId, request.Name, request.Address)), cancellationToken);
        return CommandAnswers.Answer(http, outcome, outcome.Find<BranchOpened>()?.BranchId ?? branchId, $"/api/tenants/{tenantId}/facilities");
    }

    private static async Task<Results<Created<CommandResponse>, ProblemHttpResult>> RegisterFacilityAsync(
        string tenantId, RegisterFacilityRequest request, ClaimsPrincipal user, HttpContext http, FacilityCommands commands, CancellationToken cancellationToken)
    {
        if (CommandAnswers.Envelope(request, tenantId, user, out var context) is { } malformed) return malformed;
        var facilityId = FacilityStreams.NewFacilityId(context.CommandId);
        var outcome = await commands.OnGroupAsync(context, group => GroupDecider.Decide(group,
            new RegisterFacility(facilityId, request.BranchId, request.Kind, request.RegistrationNumber, request.Name, request.Address)), cancellationToken);
        var id = outcome.Find<FacilityRegistered>()?.FacilityId ?? facilityId;
        return CommandAnswers.Answer(http, outcome, id, $"/api/tenants/{tenantId}/facilities/{id}");
    }
}
