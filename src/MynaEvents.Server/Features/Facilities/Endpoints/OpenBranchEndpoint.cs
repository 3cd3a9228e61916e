using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.Domain.Tenancy;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Features.Facilities.Contracts;
using MynaEvents.Server.Security;
using Wolverine.Http;
using Wolverine.Marten;

namespace MynaEvents.Server.Features.Facilities.Endpoints;

/// <summary>A branch of the group, decided on the group stream; its id is derived from the command id.</summary>
public static class OpenBranchEndpoint
{
    public static string GroupStream() => FacilityStreams.Group;

    [WolverinePost("/api/tenants/{tenantId}/branches", OperationId = "OpenBranch")]
    [Tags("Facilities"), Authorize(Policy = MynaPolicies.GroupAdmin)]
    [EndpointSummary("Open a branch of the group")]
    public static Results<Created<CommandResponse>, ProblemHttpResult> Post(OpenBranchRequest request,
        [WriteAggregate(FromMethod = nameof(GroupStream), Required = false)] IEventStream<WriteModel<GroupState>> group,
        CommandContext command, IDocumentSession session, HttpContext http)
    {
        var tenantId = command.TenantId;
        var branchId = FacilityStreams.NewBranchId(command.CommandId);
        var outcome = group.Decide(session, command, GroupState.Initial(tenantId),
            state => GroupDecider.Decide(state, new OpenBranch(branchId, request.Name, request.Address)));
        return CommandAnswers.Answer(http, outcome, outcome.Find<BranchOpened>()?.BranchId ?? branchId, $"/api/tenants/{tenantId}/facilities");
    }
}
