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
using MynaEvents.Domain.Onboarding;
using MynaEvents.Domain.Time;

namespace MynaEvents.Server.Features.Facilities.Endpoints;

/// <summary>The approval mail for a usage application arrived (承認).</summary>
public static class ApproveUsageApplicationEndpoint
{
    public static string FacilityStream(string facilityId) => FacilityStreams.Facility(facilityId);

    [WolverinePost("/api/tenants/{tenantId}/facilities/{facilityId}/usage-applications/{applicationId}/approval", OperationId = "ApproveUsageApplication")]
    [Tags("Facilities"), Authorize(Policy = MynaPolicies.GroupAdmin), Middleware(typeof(KnownFacility))]
    [EndpointSummary("Record that the approval mail for a usage application arrived")]
    public static Results<Created<CommandResponse>, ProblemHttpResult> Post(string applicationId, ApproveUsageApplicationRequest request,
        DirectoryFacility facility, [WriteAggregate(FromMethod = nameof(FacilityStream), Required = false)] IEventStream<WriteModel<FacilityState>> stream,
        CommandContext command, IDocumentSession session, HttpContext http)
    {
        var outcome = stream.Decide(session, command, FacilityState.Initial, state => UsageApplicationDecider.Decide(state,
            new ApproveUsageApplication(applicationId, request.ApprovedOn), JapanTime.DateOf(command.ReceivedAt)));
        return CommandAnswers.Answer(http, outcome, applicationId, FacilityEndpoints.Location(command.TenantId, facility.FacilityId));
    }
}
