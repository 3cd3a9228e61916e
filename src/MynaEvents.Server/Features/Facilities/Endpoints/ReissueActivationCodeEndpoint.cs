using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.Server.Errors;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Features.Facilities.Contracts;
using MynaEvents.Server.Features.Facilities.Views;
using MynaEvents.Server.Idempotency;
using MynaEvents.Server.Security;
using MynaEvents.Server.Storage;
using Wolverine.Http;

namespace MynaEvents.Server.Features.Facilities.Endpoints;

/// <summary>
/// A new activation code for a registered device. No event: the code lives with the credentials,
/// and the command id makes a resend answer the same code. The id must not name a command of the
/// event log either: one id, one command.
/// </summary>
public static class ReissueActivationCodeEndpoint
{
    [WolverinePost("/api/tenants/{tenantId}/facilities/{facilityId}/devices/{deviceId}/activation-codes", OperationId = "ReissueActivationCode")]
    [Tags("Facilities"), Authorize(Policy = MynaPolicies.GroupAdmin)]
    [EndpointSummary("Issue a new one-time activation code for a registered device (a lost paper, an expired code, a reinstalled app); earlier unused codes stop working")]
    public static async Task<Results<Created<ActivationCodeResponse>, ProblemHttpResult>> Post(string facilityId, string deviceId,
        ReissueActivationCodeRequest request, IQuerySession session, HttpContext http, FacilityViews views, EventStreams store,
        IDeviceCredentials credentials, CancellationToken cancellationToken)
    {
        var tenantId = session.TenantId;
        if (request.CommandId is not { } commandId || commandId == Guid.Empty)
            return CommandAnswers.BadRequest("commandId", "required", Resends.CommandIdRule);
        if (await store.FindCommandAsync(tenantId, commandId, cancellationToken) is not null) return Problems.CommandIdReused();
        var device = (await views.FacilityStateAsync(tenantId, facilityId, cancellationToken)).State.FindDevice(deviceId);
        if (device is null)
            return CommandAnswers.NotFound("deviceId", $"facility '{facilityId}' has no device '{deviceId}'");
        var code = await credentials.IssueActivationCodeAsync(tenantId, facilityId, deviceId, commandId, cancellationToken);
        if (code is null)
            return Problems.Refused("deviceId", "device_retired", "the device is retired: register a new device instead");
        http.Response.Headers.CacheControl = "no-store";
        if (code.Repeated) http.MarkReplayed();
        return TypedResults.Created(FacilityEndpoints.Location(tenantId, facilityId) + "/devices", new ActivationCodeResponse(deviceId, code.Code, code.ExpiresAt));
    }
}
