namespace MynaEvents.Edge.ServerApi;

/// <summary>
/// What activation gives the device: where it belongs and its bearer token. The token is a
/// secret: it is kept by <see cref="DeviceCredentialStore"/> and never printed, so
/// <see cref="ToString"/> leaves it out.
/// </summary>
public sealed record DeviceCredential(string TenantId, string DeviceId, string FacilityId, string Token)
{
    public override string ToString() =>
        $"DeviceCredential {{ TenantId = {TenantId}, DeviceId = {DeviceId}, FacilityId = {FacilityId}, Token = (secret) }}";
}
