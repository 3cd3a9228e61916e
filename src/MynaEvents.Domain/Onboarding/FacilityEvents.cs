namespace MynaEvents.Domain.Onboarding;

/// <summary>
/// An event of one facility's own stream: its usage applications, devices, operation start
/// date and exemption. The events of each capability live in its folder.
/// </summary>
#pragma warning disable CA1040 // a marker: the fold accepts only this stream's events
public interface IFacilityEvent;
#pragma warning restore CA1040
