using MynaEvents.Server.Security;

namespace MynaEvents.Server.Features.Facilities.Directory;

/// <summary>The security feature's view of co-location (併設): whose results a facility's staff may also see now.</summary>
internal sealed class ColocationLookup(FacilityDirectory directory) : IColocationLookup
{
    public Task<string?> ActivePartnerAsync(string tenantId, string facilityId, CancellationToken cancellationToken) =>
        directory.ActivePartnerAsync(tenantId, facilityId, cancellationToken);
}
