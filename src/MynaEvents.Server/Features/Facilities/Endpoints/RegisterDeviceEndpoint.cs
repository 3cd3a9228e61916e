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
/// 機器登録. The activation code is issued after the event is committed, and again on a resend: if
/// the first answer was lost, the resend still gets a code (the same one, derived from the command
/// id, or a fresh one if the first send stopped before issuing it).
/// </summary>
public static class RegisterDeviceEndpoint
{
    public static string FacilityStream(string facilityId) => FacilityStreams.Facility(facilityId);

    [WolverinePost("/api/tenants/{tenantId}/facilities/{facilityId}/devices", OperationId = "RegisterDevice")]
    [Tags("Facilities"), Authorize(Policy = MynaPolicies.GroupAdmin), Middleware(typeof(KnownFacility))]
    [EndpointSummary("Register a card-reading device (extended Lc/Le required) and get its one-time activation code")]
    public static AnswerAfterCommit Post(RegisterDeviceRequest request, DirectoryFacility facility,
        [WriteAggregate(FromMethod = nameof(FacilityStream), Required = false)] IEventStream<WriteModel<FacilityState>> stream,
        CommandContext command, IDocumentSession session, IDeviceCredentials credentials)
    {
        var register = new RegisterDevice(FacilityStreams.NewDeviceId(command.CommandId), request.Kind, request.Label, request.ReaderSupportsExtendedApdu);
        var outcome = stream.Decide(session, command, FacilityState.Initial, state => DeviceDecider.Decide(state, register));
        return new AnswerAfterCommit(async http =>
        {
            if (outcome.Status == CommandStatus.Refused) return CommandAnswers.Refused(outcome.Rejection!);
            var deviceId = outcome.Find<DeviceRegistered>()!.DeviceId;
            var code = await credentials.IssueActivationCodeAsync(command.TenantId, facility.FacilityId, deviceId, command.CommandId, http.RequestAborted);
            http.Response.Headers.CacheControl = "no-store";
            return CommandAnswers.Answer(http, outcome, deviceId, FacilityEndpoints.Location(command.TenantId, facility.FacilityId), code);
        });
    }
}
