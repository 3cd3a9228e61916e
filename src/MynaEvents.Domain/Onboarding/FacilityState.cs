using System.Collections.Immutable;
using MynaEvents.Domain.Devices;
using MynaEvents.Domain.Obligation;

namespace MynaEvents.Domain.Onboarding;

/// <summary>One usage application (利用申請) and whether it was approved.</summary>
public sealed record UsageApplication(
    string ApplicationId,
    DateOnly SubmittedOn,
    FacilityConfirmationMethod ConfirmationMethod,
    int StaffCount,
    int RequestedDeviceCount,
    DateOnly? ApprovedOn)
{
    public bool IsApproved => ApprovedOn is not null;
}

/// <summary>A registered device and whether it still reads cards.</summary>
public sealed record Device(string DeviceId, DeviceKind Kind, string? Label, bool Active);

/// <summary>How far one facility got with online confirmation, folded from its own stream.</summary>
public sealed record FacilityState(
    ImmutableList<UsageApplication> Applications,
    ImmutableList<Device> Devices,
    DateOnly? OperationStartDate,
    Exemption? Exemption)
{
    public static FacilityState Initial { get; } = new([], [], null, null);

    public FacilityState Apply(IFacilityEvent @event) => @event switch
    {
        UsageApplicationSubmitted submitted => this with
        {
            Applications = Applications.Add(new UsageApplication(submitted.ApplicationId, submitted.SubmittedOn,
                submitted.ConfirmationMethod, submitted.StaffCount, submitted.RequestedDeviceCount, null)),
        },
        UsageApplicationApproved approved => this with
        {
            Applications = Applications.ConvertAll(a => a.ApplicationId == approved.ApplicationId ? a with { ApprovedOn = approved.ApprovedOn } : a),
        },
        DeviceRegistered registered => this with { Devices = Devices.Add(new Device(registered.DeviceId, registered.Kind, registered.Label, true)) },
        DeviceRetired retired => this with
        {
            Devices = Devices.ConvertAll(d => d.DeviceId == retired.DeviceId ? d with { Active = false } : d),
        },
        OperationStartDateRegistered registered => this with { OperationStartDate = registered.StartDate },
        ExemptionDeclared declared => this with { Exemption = new Exemption(declared.Reason, declared.PlannedDate) },
        ExemptionWithdrawn => this with { Exemption = null },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Not an event of a facility's stream."),
    };

    public static FacilityState Fold(IEnumerable<IFacilityEvent> events) => events.Aggregate(Initial, (state, e) => state.Apply(e));

    public UsageApplication? PendingApplication => Applications.Find(a => !a.IsApproved);

    public bool IsApproved => Applications.Exists(a => a.IsApproved);

    /// <summary>The first approval: nothing can operate before it.</summary>
    public DateOnly? FirstApprovedOn => Applications.Where(a => a.IsApproved).Min(a => a.ApprovedOn);

    /// <summary>How many devices may be active at once: the sum of the approved applications' 申請台数.</summary>
    public int DeviceAllowance => Applications.Where(a => a.IsApproved).Sum(a => a.RequestedDeviceCount);

    public IEnumerable<Device> ActiveDevices => Devices.Where(d => d.Active);

    public bool HasActiveDevice => Devices.Exists(d => d.Active);

    public Device? FindDevice(string deviceId) => Devices.Find(d => d.DeviceId == deviceId);

    public UsageApplication? FindApplication(string applicationId) => Applications.Find(a => a.ApplicationId == applicationId);

    /// <summary>Online confirmation is in operation on <paramref name="today"/> (a registered date that has come).</summary>
    public bool OperatesOn(DateOnly today) => OperationStartDate is { } start && start <= today;
}
