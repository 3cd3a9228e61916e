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
using MynaEvents.Domain.Devices;
using MynaEvents.Domain.Onboarding;

namespace MynaEvents.Server.Features.Facilities.Endpoints;

/// <summary>
/// A device's retirement. Its credential is revoked after the event is committed, and again on a
/// resend, so a revocation that failed after the commit is made good by resending.
/// </summary>
public static class RetireDeviceEndpoint
{
    public static string FacilityStream(string facilityId) => FacilityStreams.Facility(facilityId);

    [WolverinePost("/api/tenants/{tenantId}/facilities/{facilityId}/devices/{deviceId}/retirement", OperationId = "RetireDevice")]
    [Tags("Facilities"), Authorize(Policy = MynaPolicies.GroupAdmin), Middleware(typeof(KnownFacility))]
    [EndpointSummary("Retire a device: its credential and any unused activation code stop working")]
    public static AnswerAfterCommit Post(string deviceId, RetireDeviceRequest request, DirectoryFacility facility,
        [WriteAggregate(FromMethod = nameof(FacilityStream), Required = false)] IEventStream<WriteModel<FacilityState>> stream,
        CommandContext command, IDocumentSession session, IDeviceCredentials credentials)
    {
        var outcome = stream.Decide(session, command, FacilityState.Initial, state => DeviceDecider.Decide(state, new RetireDevice(deviceId, request.Reason)));
        return new AnswerAfterCommit(async http =>
        {
            if (outcome.Status == CommandStatus.Refused) return CommandAnswers.Refused(outcome.Rejection!);
            await credentials.RevokeAsync(command.TenantId, deviceId, http.RequestAborted);
            return CommandAnswers.Answer(http, outcome, deviceId, FacilityEndpoints.Location(command.TenantId, facility.FacilityId));
        });
    }
}
