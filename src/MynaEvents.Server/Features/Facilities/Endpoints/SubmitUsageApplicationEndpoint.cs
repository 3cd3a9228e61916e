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

/// <summary>利用申請, decided on the facility's stream; the application id is derived from the command id.</summary>
public static class SubmitUsageApplicationEndpoint
{
    public static string FacilityStream(string facilityId) => FacilityStreams.Facility(facilityId);

    [WolverinePost("/api/tenants/{tenantId}/facilities/{facilityId}/usage-applications", OperationId = "SubmitUsageApplication")]
    [Tags("Facilities"), Authorize(Policy = MynaPolicies.GroupAdmin), Middleware(typeof(KnownFacility))]
    [EndpointSummary("Record a usage application (利用申請); the manager's birth date is checked, never stored")]
    public static Results<Created<CommandResponse>, ProblemHttpResult> Post(SubmitUsageApplicationRequest request, DirectoryFacility facility,
        [WriteAggregate(FromMethod = nameof(FacilityStream), Required = false)] IEventStream<WriteModel<FacilityState>> stream,
        CommandContext command, IDocumentSession session, HttpContext http)
    {
        var applicationId = FacilityStreams.NewApplicationId(command.CommandId);
        var submit = new SubmitUsageApplication(applicationId, request.ConfirmationMethod, request.ManagerBirthDate,
            request.ApprovalNoticeReference, request.StaffCount, request.RequestedDeviceCount, request.SubmittedOn);
        var outcome = stream.Decide(session, command, FacilityState.Initial,
            state => UsageApplicationDecider.Decide(state, submit, JapanTime.DateOf(command.ReceivedAt)));
        return CommandAnswers.Answer(http, outcome, outcome.Find<UsageApplicationSubmitted>()?.ApplicationId ?? applicationId,
            FacilityEndpoints.Location(command.TenantId, facility.FacilityId));
    }
}
