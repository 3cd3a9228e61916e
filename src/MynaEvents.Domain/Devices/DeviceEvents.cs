using MynaEvents.Domain.Onboarding;

namespace MynaEvents.Domain.Devices;

/// <summary>
/// 機器登録: a device was registered for the facility. Its credential (the activation code the
/// app asks for at setup) is issued outside the event: secrets never enter the log.
/// </summary>
public sealed record DeviceRegistered(string DeviceId, DeviceKind Kind, string? Label) : IFacilityEvent;

/// <summary>The device no longer reads cards for the facility; its credential is revoked.</summary>
public sealed record DeviceRetired(string DeviceId, string? Reason) : IFacilityEvent;
