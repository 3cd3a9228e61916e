using System.Globalization;
using System.Security.Claims;

namespace MynaEvents.Server.Security.Authentication;

/// <summary>Whom a valid credential stands for: the claims every request of theirs carries.</summary>
/// <param name="DeviceActivatedAt">A device's first activation: the earliest a card read of it can be dated.</param>
internal sealed record Subject(string SubjectId, string Role, string? TenantId, string? FacilityId, string? DeviceId,
    DateTimeOffset? DeviceActivatedAt = null)
{
    public ClaimsPrincipal ToPrincipal()
    {
        var claims = new List<Claim> { new(MynaClaims.Subject, SubjectId), new(MynaClaims.Role, Role) };
        if (TenantId is not null) claims.Add(new Claim(MynaClaims.Tenant, TenantId));
        if (FacilityId is not null) claims.Add(new Claim(MynaClaims.Facility, FacilityId));
        if (DeviceId is not null) claims.Add(new Claim(MynaClaims.Device, DeviceId));
        if (DeviceActivatedAt is { } activated)
            claims.Add(new Claim(MynaClaims.DeviceActivatedAt, activated.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture), ClaimValueTypes.DateTime));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, BearerTokenHandler.SchemeName, MynaClaims.Subject, MynaClaims.Role));
    }
}
