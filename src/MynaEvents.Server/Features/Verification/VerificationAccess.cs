using System.Security.Claims;
using MynaEvents.Server.Security;

namespace MynaEvents.Server.Features.Verification;

/// <summary>
/// Who may act on a check: a device or reception staff of the facility it is treated at, or
/// of that facility's active co-location partner (併設: one device serves both).
/// </summary>
internal sealed class VerificationAccess(IColocationLookup colocations)
{
    public static string? FacilityOf(ClaimsPrincipal user) => user.FindFirstValue(MynaClaims.Facility);

    public static string? DeviceOf(ClaimsPrincipal user) => user.FindFirstValue(MynaClaims.Device);

    public static string ActorOf(ClaimsPrincipal user) => user.FindFirstValue(MynaClaims.Subject) ?? "unknown";

    public async Task<bool> MayActForAsync(ClaimsPrincipal user, string tenantId, string facilityId, CancellationToken cancellationToken)
    {
        // The Reception policy has already let in only devices and reception staff of this tenant.
        var own = FacilityOf(user);
        if (own is null) return false;
        if (own == facilityId) return true;
        return await colocations.ActivePartnerAsync(tenantId, own, cancellationToken) == facilityId;
    }
}
