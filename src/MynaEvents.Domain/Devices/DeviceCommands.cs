namespace MynaEvents.Domain.Devices;

/// <summary>Register a device; <paramref name="ReaderSupportsExtendedApdu"/> is the administrator's statement about its reader (or the phone's NFC).</summary>
public sealed record RegisterDevice(string DeviceId, DeviceKind? Kind, string? Label, bool? ReaderSupportsExtendedApdu);

/// <summary>Retire a device (lost, broken, replaced).</summary>
public sealed record RetireDevice(string DeviceId, string? Reason);
