using System.Globalization;
using System.Security.Claims;
using MynaEvents.Server.Security;

namespace MynaEvents.Server.Features.Verification;

/// <summary>
/// Who may act on a check: a device or reception staff of the facility it is treated at, or
/// of that facility's active co-location partner (併設: one device serves both).
/// </summary>
public sealed class VerificationAccess(IGroupDirectory groups)
{
    public static string? FacilityOf(ClaimsPrincipal user) => user.FindFirstValue(MynaClaims.Facility);

    public static string? DeviceOf(ClaimsPrincipal user) => user.FindFirstValue(MynaClaims.Device);

    public static string ActorOf(ClaimsPrincipal user) => user.FindFirstValue(MynaClaims.Subject) ?? "unknown";

    /// <summary>When the calling device was first activated; null for people.</summary>
    public static DateTimeOffset? DeviceActivatedAtOf(ClaimsPrincipal user) =>
        user.FindFirstValue(MynaClaims.DeviceActivatedAt) is { } value
            ? DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : null;

    public async Task<bool> MayActForAsync(ClaimsPrincipal user, string tenantId, string facilityId, CancellationToken cancellationToken)
    {
        // The Reception policy has already let in only devices and reception staff of this tenant.
        var own = FacilityOf(user);
        if (own is null) return false;
        if (own == facilityId) return true;
        return await groups.ActivePartnerAsync(tenantId, own, cancellationToken) == facilityId;
    }

    /// <summary>
    /// Null when the principal may record a check for <paramref name="facilityId"/>; otherwise the
    /// refusal: 422 when the group has no such facility (another group's included), 403 when it is
    /// a facility of the group that this device or person does not serve.
    /// </summary>
    public async Task<IResult?> RefuseFacilityAsync(ClaimsPrincipal user, string tenantId, string facilityId, CancellationToken cancellationToken)
    {
        if (await MayActForAsync(user, tenantId, facilityId, cancellationToken)) return null;
        if (!await groups.FacilityExistsAsync(tenantId, facilityId, cancellationToken))
            return VerificationInput.Refused("treatedAtFacilityId", $"there is no facility '{facilityId}' in this clinic group");
        return VerificationInput.Forbidden("treatedAtFacilityId", "checks are recorded only for your own facility or its active co-location partner");
    }

    /// <summary>
    /// Continuing a check: also allowed for the facility that recorded it (its device's facility).
    /// A check begun while a co-location was active stays its recorder's to finish (a retried
    /// lookup, a fallback) until its 翌月末, even after the declaration is withdrawn: withdrawal
    /// stops sharing for later checks only.
    /// </summary>
    internal async Task<bool> MayContinueAsync(ClaimsPrincipal user, string tenantId, VerificationReadModel model, CancellationToken cancellationToken) =>
        (FacilityOf(user) is { } own && own == model.Card?.DeviceFacilityId)
        || await MayActForAsync(user, tenantId, model.State.TreatedAtFacilityId!, cancellationToken);
}
