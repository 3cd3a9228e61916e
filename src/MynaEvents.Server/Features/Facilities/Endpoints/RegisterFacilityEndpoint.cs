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

/// <summary>
/// A facility (施術所) at a branch, decided on the group stream: at most one of each kind per branch
/// and one facility per registration number are checked atomically there.
/// </summary>
public static class RegisterFacilityEndpoint
{
    public static string GroupStream() => FacilityStreams.Group;

    [WolverinePost("/api/tenants/{tenantId}/facilities", OperationId = "RegisterFacility")]
    [Tags("Facilities"), Authorize(Policy = MynaPolicies.GroupAdmin)]
    [EndpointSummary("Register a judo or ahaki facility (施術所) at a branch; at most one of each kind per branch")]
    public static Results<Created<CommandResponse>, ProblemHttpResult> Post(RegisterFacilityRequest request,
        [WriteAggregate(FromMethod = nameof(GroupStream), Required = false)] IEventStream<WriteModel<GroupState>> group,
        CommandContext command, IDocumentSession session, HttpContext http)
    {
        var tenantId = command.TenantId;
        var facilityId = FacilityStreams.NewFacilityId(command.CommandId);
        var outcome = group.Decide(session, command, GroupState.Initial(tenantId), state => GroupDecider.Decide(state,
            new RegisterFacility(facilityId, request.BranchId, request.Kind, request.RegistrationNumber, request.Name, request.Address)));
        var id = outcome.Find<FacilityRegistered>()?.FacilityId ?? facilityId;
        return CommandAnswers.Answer(http, outcome, id, $"/api/tenants/{tenantId}/facilities/{id}");
    }
}
