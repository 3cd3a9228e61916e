using MynaEvents.Server.Storage;
using MynaEvents.Server.Security;

namespace MynaEvents.Server.Features.Facilities.Directory;

/// <summary>The security feature's view of a group: whether it and its facilities exist, and whose results a facility's staff may also see now (併設).</summary>
internal sealed class GroupDirectory(FacilityDirectory directory, EventStreams store) : IGroupDirectory
{
    public async Task<bool> GroupExistsAsync(string tenantId, CancellationToken cancellationToken) =>
        await store.GetStreamVersionAsync(tenantId, FacilityStreams.Group, cancellationToken) > 0;

    public async Task<bool> FacilityExistsAsync(string tenantId, string facilityId, CancellationToken cancellationToken) =>
        await directory.FindFacilityAsync(tenantId, facilityId, cancellationToken) is not null;

    public Task<string?> ActivePartnerAsync(string tenantId, string facilityId, CancellationToken cancellationToken) =>
        directory.ActivePartnerAsync(tenantId, facilityId, cancellationToken);
}
