using MynaEvents.Domain.Decisions;
using MynaEvents.Domain.Onboarding;
using MynaEvents.Domain.Tenancy;

namespace MynaEvents.Domain.Devices;

/// <summary>
/// Which devices a facility may register. Devices come after approval, and never more active
/// devices than the approved usage applications asked for (申請台数, at most 20 per application;
/// a facility that needs more files another application).
/// </summary>
public static class DeviceDecider
{
    public const int LabelMaxLength = 100;
    public const int ReasonMaxLength = 200;

    public static Decision Decide(FacilityState facility, RegisterDevice command)
    {
        if (command.Kind is not { } kind)
            return Decision.Reject("kind", "required",
                "is required: pc_usb_reader, pc_bluetooth_reader, smartphone_nfc or tablet_bluetooth_reader");
        if (!Enum.IsDefined(kind))
            return Decision.Reject("kind", "unknown_value",
                "must be pc_usb_reader, pc_bluetooth_reader, smartphone_nfc or tablet_bluetooth_reader");
        if (command.ReaderSupportsExtendedApdu is not { } extended)
            return Decision.Reject("readerSupportsExtendedApdu", "required",
                "is required: whether the card reader (or the phone's NFC) supports extended Lc/Le (拡張APDU)");
        if (!extended)
            return Decision.Reject("readerSupportsExtendedApdu", "extended_apdu_required",
                "must be true: the ministry requires a card reader, or a phone reading by NFC, that supports extended Lc/Le " +
                "(拡張Lc/Le, 拡張APDU); without it the マイナ資格確認アプリ cannot read the My Number card");
        if (DisplayText.OptionalProblem("label", command.Label, LabelMaxLength) is { } badLabel)
            return Decision.Reject(badLabel);
        if (!facility.IsApproved)
            return Decision.Reject("facilityId", "usage_application_not_approved",
                "the facility has no approved usage application (利用申請); devices are registered after the approval mail");
        if (facility.FindDevice(command.DeviceId) is not null)
            return Decision.Reject("deviceId", "device_exists", $"device '{command.DeviceId}' is already registered");
        var active = facility.ActiveDevices.Count();
        if (active >= facility.DeviceAllowance)
            return Decision.Reject("facilityId", "device_limit_reached",
                $"the approved usage applications allow {facility.DeviceAllowance} active device(s) and {active} are active; " +
                $"retire one, or file another usage application (at most {UsageApplicationDecider.MaxDevicesPerApplication} devices each)");
        return Decision.Accept(new DeviceRegistered(command.DeviceId, kind, DisplayText.NormalizeOptional(command.Label)));
    }

    public static Decision Decide(FacilityState facility, RetireDevice command)
    {
        var device = facility.FindDevice(command.DeviceId);
        if (device is null)
            return Decision.Reject("deviceId", "unknown_device", $"the facility has no device '{command.DeviceId}'");
        if (!device.Active)
            return Decision.Reject("deviceId", "device_retired", $"device '{command.DeviceId}' is already retired");
        if (DisplayText.OptionalProblem("reason", command.Reason, ReasonMaxLength) is { } badReason)
            return Decision.Reject(badReason);
        return Decision.Accept(new DeviceRetired(command.DeviceId, DisplayText.NormalizeOptional(command.Reason)));
    }
}
