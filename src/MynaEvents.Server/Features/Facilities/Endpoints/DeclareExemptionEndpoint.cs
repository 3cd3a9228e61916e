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

/// <summary>An exemption from the obligation (やむを得ない事由); which reasons apply depends on the facility's kind.</summary>
public static class DeclareExemptionEndpoint
{
    public static string FacilityStream(string facilityId) => FacilityStreams.Facility(facilityId);

    [WolverinePost("/api/tenants/{tenantId}/facilities/{facilityId}/exemptions", OperationId = "DeclareExemption")]
    [Tags("Facilities"), Authorize(Policy = MynaPolicies.GroupAdmin), Middleware(typeof(KnownFacility))]
    [EndpointSummary("Declare an exemption: all_practitioners_70_or_older, visual_impairment (ahaki), closure_or_suspension or stops_delegated_billing (dated on or before 2025-12-02)")]
    public static Results<Created<CommandResponse>, ProblemHttpResult> Post(DeclareExemptionRequest request, DirectoryFacility facility,
        [WriteAggregate(FromMethod = nameof(FacilityStream), Required = false)] IEventStream<WriteModel<FacilityState>> stream,
        CommandContext command, IDocumentSession session, HttpContext http)
    {
        var outcome = stream.Decide(session, command, FacilityState.Initial,
            state => ExemptionDecider.Decide(facility.Kind, state, new DeclareExemption(request.Reason, request.PlannedDate)));
        return CommandAnswers.Answer(http, outcome, facility.FacilityId, FacilityEndpoints.Location(command.TenantId, facility.FacilityId));
    }
}
