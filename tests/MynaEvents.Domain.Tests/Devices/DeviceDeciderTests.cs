using MynaEvents.Domain.Devices;
using MynaEvents.Domain.Onboarding;

namespace MynaEvents.Domain.Tests.Devices;

public sealed class DeviceDeciderTests
{
    private static RegisterDevice Reader(string id, bool? extended = true, DeviceKind? kind = DeviceKind.TabletBluetoothReader) =>
        new(id, kind, "Tablet at reception", extended);

    [Fact]
    public void a_device_is_registered_only_after_the_usage_application_is_approved()
    {
        Expect.Rejected(DeviceDecider.Decide(FacilityState.Initial, Reader("dev-1")), "facilityId", "usage_application_not_approved");
        Expect.Rejected(DeviceDecider.Decide(Given.Facility(Given.Submitted()), Reader("dev-1")), "facilityId", "usage_application_not_approved");

        var registered = Expect.Accepted<DeviceRegistered>(DeviceDecider.Decide(Given.Approved(devices: 1), Reader("dev-1")));
        Assert.Equal(("dev-1", DeviceKind.TabletBluetoothReader, "Tablet at reception"), (registered.DeviceId, registered.Kind, registered.Label));
    }

    [Theory]
    [InlineData(DeviceKind.PcUsbReader)]
    [InlineData(DeviceKind.PcBluetoothReader)]
    [InlineData(DeviceKind.SmartphoneNfc)]
    [InlineData(DeviceKind.TabletBluetoothReader)]
    public void a_reader_without_extended_apdu_is_refused_with_the_ministrys_reason(DeviceKind kind)
    {
        var refused = Expect.Rejected(DeviceDecider.Decide(Given.Approved(devices: 2), Reader("dev-1", false, kind)), "readerSupportsExtendedApdu", "extended_apdu_required");

        Assert.Contains("拡張Lc/Le", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_kind_and_the_extended_apdu_statement_are_required()
    {
        Expect.Rejected(DeviceDecider.Decide(Given.Approved(devices: 2), Reader("dev-1", null)), "readerSupportsExtendedApdu", "required");
        Expect.Rejected(DeviceDecider.Decide(Given.Approved(devices: 2), Reader("dev-1", kind: null)), "kind", "required");
        Expect.Rejected(DeviceDecider.Decide(Given.Approved(devices: 2), Reader("dev-1") with { Label = new string('x', 101) }), "label", "too_long");
    }

    [Fact]
    public void active_devices_never_exceed_the_approved_device_count()
    {
        var facility = Given.Approved(devices: 2).Apply(Given.Device("dev-1")).Apply(Given.Device("dev-2"));

        var refused = Expect.Rejected(DeviceDecider.Decide(facility, Reader("dev-3")), "facilityId", "device_limit_reached");
        Assert.Contains("allow 2", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_retired_device_frees_its_place()
    {
        var full = Given.Approved(devices: 1).Apply(Given.Device("dev-1"));

        var retired = Expect.Accepted<DeviceRetired>(DeviceDecider.Decide(full, new RetireDevice("dev-1", "battery failed")));
        Expect.Accepted<DeviceRegistered>(DeviceDecider.Decide(full.Apply(retired), Reader("dev-2")));
    }

    [Fact]
    public void a_second_approved_application_adds_its_devices_to_the_allowance()
    {
        var twice = Given.Facility(Given.Submitted("app-1", devices: 1), Given.Approved("app-1"), Given.Device("dev-1"),
            Given.Submitted("app-2", devices: 3));
        Expect.Rejected(DeviceDecider.Decide(twice, Reader("dev-2")), "facilityId", "device_limit_reached");

        var approved = twice.Apply(Given.Approved("app-2"));
        Assert.Equal(4, approved.DeviceAllowance);
        Expect.Accepted<DeviceRegistered>(DeviceDecider.Decide(approved, Reader("dev-2")));
    }

    [Fact]
    public void a_device_id_is_registered_once()
    {
        var facility = Given.Approved(devices: 3).Apply(Given.Device("dev-1"));

        Expect.Rejected(DeviceDecider.Decide(facility, Reader("dev-1")), "deviceId", "device_exists");
    }

    [Fact]
    public void only_an_active_device_of_the_facility_can_be_retired()
    {
        var facility = Given.Equipped("dev-1");

        Expect.Rejected(DeviceDecider.Decide(facility, new RetireDevice("dev-9", null)), "deviceId", "unknown_device");
        var retired = facility.Apply(new DeviceRetired("dev-1", null));
        Expect.Rejected(DeviceDecider.Decide(retired, new RetireDevice("dev-1", null)), "deviceId", "device_retired");
        Assert.False(retired.FindDevice("dev-1")!.Active);
    }
}
