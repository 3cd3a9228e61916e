using MynaEvents.Server.Security;

namespace MynaEvents.Server.Tests.Security;

internal static class ActivationCodes
{
    /// <summary>A fresh code for the device, as a new command (its own command id) issues it.</summary>
    public static async Task<string> NewCodeAsync(this IDeviceCredentials credentials, string tenantId, string facilityId, string deviceId) =>
        (await credentials.IssueActivationCodeAsync(tenantId, facilityId, deviceId, Guid.NewGuid(), CancellationToken.None))?.Code
        ?? throw new InvalidOperationException($"Device {deviceId} is retired: it gets no code.");
}
