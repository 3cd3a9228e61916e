using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MynaEvents.Domain.Tenancy;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Features.Facilities.Contracts;
using MynaEvents.Server.Security;
using Wolverine.Http;
using Wolverine.Marten;

namespace MynaEvents.Server.Features.Facilities.Endpoints;

/// <summary>
/// Creating the clinic group (法人/グループ) is the platform administrator's act; the tenant's
/// first administrator is created after it.
/// </summary>
public static class CreateGroupEndpoint
{
    public static string GroupStream() => FacilityStreams.Group;

    public static ProblemDetails Validate(CommandContext command, ClaimsPrincipal user)
    {
        if (!user.IsPlatformAdmin())
            return CommandAnswers.ForbiddenDetails("tenantId", "platform_admin_only",
                "only the platform administrator creates clinic groups; a group administrator acts within an existing group");
        if (!Identifiers.IsValid(command.TenantId))
            return CommandAnswers.Malformed("tenantId", "identifier_format", Identifiers.Rule);
        return WolverineContinue.NoProblems;
    }

    [WolverinePost("/api/tenants/{tenantId}/group", OperationId = "CreateGroup")]
    [Tags("Facilities"), Authorize(Policy = MynaPolicies.GroupAdmin)]
    [EndpointSummary("Create the clinic group of this tenant id (platform administrator only)")]
    public static Results<Created<CommandResponse>, ProblemHttpResult> Post(CreateGroupRequest request,
        [WriteAggregate(FromMethod = nameof(GroupStream), Required = false)] IEventStream<WriteModel<GroupState>> group,
        CommandContext command, IDocumentSession session, HttpContext http)
    {
        var tenantId = command.TenantId;
        var outcome = group.Decide(session, command, GroupState.Initial(tenantId), state => GroupDecider.Decide(state, new CreateGroup(request.Name)));
        return CommandAnswers.Answer(http, outcome, tenantId, $"/api/tenants/{tenantId}/facilities");
    }
}
