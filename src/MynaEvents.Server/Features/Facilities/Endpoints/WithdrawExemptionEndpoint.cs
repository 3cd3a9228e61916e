using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Features.Facilities.Contracts;
using MynaEvents.Server.Features.Facilities.Directory;
using MynaEvents.Server.Security;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Marten;
using MynaEvents.Domain.Obligation;
using MynaEvents.Domain.Onboarding;

namespace MynaEvents.Server.Features.Facilities.Endpoints;

/// <summary>The exemption in force ends.</summary>
public static class WithdrawExemptionEndpoint
{
    public static string FacilityStream(string facilityId) => FacilityStreams.Facility(facilityId);

    [WolverinePost("/api/tenants/{tenantId}/facilities/{facilityId}/exemptions/withdrawal", OperationId = "WithdrawExemption")]
    [Tags("Facilities"), Authorize(Policy = MynaPolicies.GroupAdmin), Middleware(typeof(KnownFacility))]
    [EndpointSummary("Withdraw the exemption in force")]
    public static Results<Created<CommandResponse>, ProblemHttpResult> Post(EnvelopeOnlyRequest request, DirectoryFacility facility,
        [WriteAggregate(FromMethod = nameof(FacilityStream), Required = false)] IEventStream<WriteModel<FacilityState>> stream,
        CommandContext command, IDocumentSession session, HttpContext http)
    {
        var outcome = stream.Decide(session, command, FacilityState.Initial, state => ExemptionDecider.Decide(state, new WithdrawExemption()));
        return CommandAnswers.Answer(http, outcome, facility.FacilityId, FacilityEndpoints.Location(command.TenantId, facility.FacilityId));
    }
}
