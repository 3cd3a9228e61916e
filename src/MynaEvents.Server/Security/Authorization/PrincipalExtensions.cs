using System.Security.Claims;

namespace MynaEvents.Server.Security;

/// <summary>Reads the claims the server issues; endpoints use these instead of claim-type strings.</summary>
public static class PrincipalExtensions
{
    /// <summary>The principal's clinic group; null for the platform administrator.</summary>
    public static string? TenantId(this ClaimsPrincipal principal) => principal.FindFirst(MynaClaims.Tenant)?.Value;

    public static string? Role(this ClaimsPrincipal principal) => principal.FindFirst(MynaClaims.Role)?.Value;

    /// <summary>The facility of a reception staff member or a device; null for everyone else.</summary>
    public static string? FacilityId(this ClaimsPrincipal principal) => principal.FindFirst(MynaClaims.Facility)?.Value;

    /// <summary>The device id when the principal is a device; null otherwise.</summary>
    public static string? DeviceId(this ClaimsPrincipal principal) => principal.FindFirst(MynaClaims.Device)?.Value;

    /// <summary>The person's or device's id, for actor metadata and audit.</summary>
    public static string? SubjectId(this ClaimsPrincipal principal) => principal.FindFirst(MynaClaims.Subject)?.Value;

    public static bool IsPlatformAdmin(this ClaimsPrincipal principal) => principal.Role() == MynaRoles.PlatformAdmin;
}
