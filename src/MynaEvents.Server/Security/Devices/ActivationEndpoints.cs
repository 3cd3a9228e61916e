using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.Server.Errors;
using MynaEvents.Server.Idempotency;

namespace MynaEvents.Server.Security.Devices;

/// <summary>Exchanges a one-time activation code for the device's credential; a resend with the same <c>commandId</c> gets the same credential.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ActivateDeviceRequest(string? ActivationCode, Guid? CommandId);

/// <summary>The device's bearer credential, shown only in this answer: the device keeps it in its secure storage.</summary>
public sealed record DeviceActivatedResponse(string DeviceId, string FacilityId, string TenantId, string Credential);

internal static class ActivationEndpoints
{
    public static RouteHandlerBuilder MapDeviceActivation(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/api/devices/activate", ActivateAsync)
            .AllowAnonymous()
            .WithTags("Devices")
            .WithName("ActivateDevice")
            .WithSummary("Exchange a device's one-time activation code for its credential (shown once; a resend of the same command shows it again)");

    private static async Task<Results<Ok<DeviceActivatedResponse>, ProblemHttpResult>> ActivateAsync(
        ActivateDeviceRequest request, HttpContext http, DeviceActivation activation, SecurityOptions options, ILogger<DeviceActivation> logger,
        CancellationToken cancellationToken)
    {
        var code = ActivationCode.Normalize(request.ActivationCode);
        if (code is null) return Refused(StatusCodes.Status400BadRequest, "Invalid activation code", ActivationCode.Rule);
        if (request.CommandId is not { } commandId || commandId == Guid.Empty)
            return Problems.Field(StatusCodes.Status400BadRequest, "Malformed command; nothing was written", "commandId", "required", Resends.CommandIdRule);

        var result = await activation.ActivateAsync(code, commandId, cancellationToken);
        logger.LogInformation("Device activation {Outcome} for device {DeviceId} in tenant {TenantId}", result.Outcome, result.DeviceId, result.TenantId);
        switch (result.Outcome)
        {
            case ActivationOutcome.Activated:
                http.Response.Headers.CacheControl = "no-store";
                if (result.Repeated) http.MarkReplayed();
                return TypedResults.Ok(new DeviceActivatedResponse(result.DeviceId!, result.FacilityId!, result.TenantId!, result.Credential!));
            case ActivationOutcome.AlreadyUsed:
                return Refused(StatusCodes.Status409Conflict, "Activation code already used",
                    "the code was already used: each code activates one device once. Ask the group administrator for a new code.");
            case ActivationOutcome.Expired:
                return Refused(StatusCodes.Status400BadRequest, "Activation code expired",
                    $"the code has expired (codes are valid for {options.ActivationCodeLifetime.TotalHours:0} hours). Ask the group administrator for a new code.");
            case ActivationOutcome.Revoked:
                return Refused(StatusCodes.Status400BadRequest, "Activation code revoked",
                    "the code was replaced by a newer one or its device was retired.");
            default:
                return Refused(StatusCodes.Status400BadRequest, "Unknown activation code",
                    "no device waits for this code. Check it against the paper, or ask the group administrator for a new code.");
        }
    }

    private static ProblemHttpResult Refused(int status, string title, string rule) =>
        Problems.Field(status, title, "activationCode", title.ToLowerInvariant().Replace(' ', '_'), rule);
}
