using MynaEvents.Server.Storage;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MynaEvents.Domain.Devices;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Features.Facilities.Contracts;
using MynaEvents.Server.Features.Facilities.Views;
using MynaEvents.Server.Errors;
using MynaEvents.Server.Idempotency;
using MynaEvents.Server.Security;

namespace MynaEvents.Server.Features.Facilities.Endpoints;

/// <summary>
/// 機器登録 and retirement. The credential side effects run after the event is committed, and
/// again on a resend: if the first answer was lost, the resend still gets a code (a fresh one
/// that replaces the unused first), and a retirement is revoked even if the first revoke failed.
/// </summary>
internal static class DeviceEndpoints
{
    public static void MapDeviceCommands(this RouteGroupBuilder facility)
    {
        facility.MapPost("/devices", RegisterAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("RegisterDevice")
            .WithSummary("Register a card-reading device (extended Lc/Le required) and get its one-time activation code");
        facility.MapPost("/devices/{deviceId}/activation-codes", ReissueCodeAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("ReissueActivationCode")
            .WithSummary("Issue a new one-time activation code for a registered device (a lost paper, an expired code, a reinstalled app); earlier unused codes stop working");
        facility.MapPost("/devices/{deviceId}/retirement", RetireAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("RetireDevice")
            .WithSummary("Retire a device: its credential and any unused activation code stop working");
    }

    private static async Task<Results<Created<CommandResponse>, ProblemHttpResult>> RegisterAsync(
        string tenantId, string facilityId, RegisterDeviceRequest request, ClaimsPrincipal user, HttpContext http,
        FacilityCommands commands, [FromServices] IDeviceCredentials credentials, CancellationToken cancellationToken)
    {
        if (CommandAnswers.Envelope(request, tenantId, user, out var context) is { } malformed) return malformed;
        var command = new RegisterDevice(FacilityStreams.NewDeviceId(context.CommandId), request.Kind, request.Label, request.ReaderSupportsExtendedApdu);
        var outcome = await commands.OnFacilityAsync(context, facilityId, (_, state) => DeviceDecider.Decide(state, command), cancellationToken);
        if (outcome is null) return FacilityEndpoints.UnknownFacility(facilityId);
        if (outcome.Status == CommandStatus.Refused) return CommandAnswers.Refused(outcome.Rejection!);

        // Issued after the event is committed; a resend issues it if the first send stopped in
        // between, and otherwise answers with the same code (derived from the command id).
        var deviceId = outcome.Find<DeviceRegistered>()!.DeviceId;
        var code = await credentials.IssueActivationCodeAsync(tenantId, facilityId, deviceId, context.CommandId, cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        return CommandAnswers.Answer(http, outcome, deviceId, FacilityEndpoints.Location(tenantId, facilityId), code);
    }

    private static async Task<Results<Created<ActivationCodeResponse>, ProblemHttpResult>> ReissueCodeAsync(
        string tenantId, string facilityId, string deviceId, ReissueActivationCodeRequest request, HttpContext http, FacilityViews views,
        EventStreams store, [FromServices] IDeviceCredentials credentials, CancellationToken cancellationToken)
    {
        if (request.CommandId is not { } commandId || commandId == Guid.Empty)
            return CommandAnswers.BadRequest("commandId", "required", Resends.CommandIdRule);
        // The id must not name a command of the event log either: one id, one command.
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

    private static async Task<Results<Created<CommandResponse>, ProblemHttpResult>> RetireAsync(
        string tenantId, string facilityId, string deviceId, RetireDeviceRequest request, ClaimsPrincipal user, HttpContext http,
        FacilityCommands commands, [FromServices] IDeviceCredentials credentials, CancellationToken cancellationToken)
    {
        if (CommandAnswers.Envelope(request, tenantId, user, out var context) is { } malformed) return malformed;
        var outcome = await commands.OnFacilityAsync(context, facilityId,
            (_, state) => DeviceDecider.Decide(state, new RetireDevice(deviceId, request.Reason)), cancellationToken);
        if (outcome is null) return FacilityEndpoints.UnknownFacility(facilityId);
        if (outcome.Status == CommandStatus.Refused) return CommandAnswers.Refused(outcome.Rejection!);

        await credentials.RevokeAsync(tenantId, deviceId, cancellationToken);
        return CommandAnswers.Answer(http, outcome, deviceId, FacilityEndpoints.Location(tenantId, facilityId));
    }
}
