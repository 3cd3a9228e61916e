using MynaEvents.Domain.Colocation;
using MynaEvents.Domain.Decisions;
using MynaEvents.Domain.Devices;
using MynaEvents.Domain.Onboarding;
using MynaEvents.Domain.Tenancy;

namespace MynaEvents.Domain.Tests;

/// <summary>Facts the tests start from. "Today" is a fixed JST date shortly before the obligation began.</summary>
internal static class Given
{
    public static DateOnly Today { get; } = new(2024, 11, 20);

    /// <summary>A 登録記号番号 in the real form (契 + seven digits), distinct per <paramref name="n"/>.</summary>
    public static string RegistrationNumber(int n = 1) => $"契{1300000 + n:D7}";

    public static UsageApplicationSubmitted Submitted(string id = "app-1", int devices = 2) =>
        new(id, new DateOnly(2024, 10, 1), FacilityConfirmationMethod.RegistrationNumberAndManagerBirthDate, null, 3, devices);

    public static UsageApplicationApproved Approved(string id = "app-1") => new(id, new DateOnly(2024, 10, 7));

    public static DeviceRegistered Device(string id = "dev-1") => new(id, DeviceKind.PcUsbReader, "Reception PC");

    public static FacilityState Facility(params IFacilityEvent[] events) => FacilityState.Fold(events);

    /// <summary>Approved for <paramref name="devices"/> devices, none registered yet.</summary>
    public static FacilityState Approved(int devices) => Facility(Submitted(devices: devices), Approved());

    /// <summary>Approved, with device "dev-1" active.</summary>
    public static FacilityState Equipped(string deviceId = "dev-1") => Facility(Submitted(), Approved(), Device(deviceId));

    /// <summary>Operating online confirmation since 2024-11-01.</summary>
    public static FacilityState Operating(string deviceId = "dev-1") =>
        Facility(Submitted(), Approved(), Device(deviceId), new OperationStartDateRegistered(new DateOnly(2024, 11, 1)));

    public static FacilityProfile Profile(string id, FacilityKind kind, string branch = "br-1", string group = "group-1") =>
        new(group, id, branch, kind, RegistrationNumber(), "Facility " + id, "1-2-3 Chiyoda, Tokyo");

    public static ColocationParty Party(string id, FacilityKind kind, FacilityState state, string branch = "br-1", string group = "group-1") =>
        new(Profile(id, kind, branch, group), state);
}

internal static class Expect
{
    public static T Accepted<T>(Decision decision)
    {
        Assert.True(decision.IsAccepted, decision.ToString());
        return Assert.IsType<T>(Assert.Single(decision.Events));
    }

    /// <summary>Refused for <paramref name="rule"/> on <paramref name="field"/>, with a message and no events.</summary>
    public static DomainRejection Rejected(Decision decision, string field, string rule)
    {
        Assert.False(decision.IsAccepted, decision.ToString());
        Assert.Empty(decision.Events);
        Assert.Equal((field, rule), (decision.Rejection.Field, decision.Rejection.Rule));
        Assert.False(string.IsNullOrWhiteSpace(decision.Rejection.Message));
        return decision.Rejection;
    }
}
