using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MynaEvents.Domain.Devices;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Features.Facilities.Contracts;
using MynaEvents.Server.Features.Facilities.Views;
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
        facility.MapPost("/devices/{deviceId}/retirement", RetireAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("RetireDevice")
            .WithSummary("Retire a device: its credential and any unused activation code stop working");
    }

    private static async Task<Results<Created<CommandResponse>, Ok<CommandResponse>, ProblemHttpResult>> RegisterAsync(
        string tenantId, string facilityId, RegisterDeviceRequest request, ClaimsPrincipal user, HttpContext http,
        FacilityCommands commands, FacilityViews views, [FromServices] IDeviceCredentials credentials, CancellationToken cancellationToken)
    {
        if (CommandAnswers.Envelope(request, tenantId, user, out var context) is { } malformed) return malformed;
        var command = new RegisterDevice(FacilityStreams.NewDeviceId(context.CommandId), request.Kind, request.Label, request.ReaderSupportsExtendedApdu);
        var outcome = await commands.OnFacilityAsync(context, facilityId, (_, state) => DeviceDecider.Decide(state, command), cancellationToken);
        if (outcome is null) return FacilityEndpoints.UnknownFacility(facilityId);
        if (outcome.Status == CommandStatus.Refused) return CommandAnswers.Refused(outcome.Rejection!);

        var deviceId = outcome.Find<DeviceRegistered>()!.DeviceId;
        var active = outcome.Status == CommandStatus.Accepted
            || (await views.FacilityStateAsync(tenantId, facilityId, cancellationToken)).State.FindDevice(deviceId)?.Active == true;
        // A device retired since the first send gets no code: the answer then says so by its absence.
        var code = active ? await credentials.IssueActivationCodeAsync(tenantId, facilityId, deviceId, cancellationToken) : null;
        http.Response.Headers.CacheControl = "no-store";
        return CommandAnswers.Answer(outcome, deviceId, FacilityEndpoints.Location(tenantId, facilityId), code);
    }

    private static async Task<Results<Created<CommandResponse>, Ok<CommandResponse>, ProblemHttpResult>> RetireAsync(
        string tenantId, string facilityId, string deviceId, RetireDeviceRequest request, ClaimsPrincipal user,
        FacilityCommands commands, [FromServices] IDeviceCredentials credentials, CancellationToken cancellationToken)
    {
        if (CommandAnswers.Envelope(request, tenantId, user, out var context) is { } malformed) return malformed;
        var outcome = await commands.OnFacilityAsync(context, facilityId,
            (_, state) => DeviceDecider.Decide(state, new RetireDevice(deviceId, request.Reason)), cancellationToken);
        if (outcome is null) return FacilityEndpoints.UnknownFacility(facilityId);
        if (outcome.Status == CommandStatus.Refused) return CommandAnswers.Refused(outcome.Rejection!);

        await credentials.RevokeAsync(tenantId, deviceId, cancellationToken);
        return CommandAnswers.Answer(outcome, deviceId, FacilityEndpoints.Location(tenantId, facilityId));
    }
}
