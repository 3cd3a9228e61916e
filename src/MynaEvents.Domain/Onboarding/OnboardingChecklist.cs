using System.Text.Json.Serialization;
using MynaEvents.Domain.Serialization;

namespace MynaEvents.Domain.Onboarding;

/// <summary>
/// The onboarding steps of the ministry's guide that this system records, in order:
/// 利用申請 → 承認 (approval mail) → 機器登録 → 運用開始日登録. The portal account, the app's
/// setup on the device and the subsidy application happen outside and are not tracked here.
/// </summary>
[JsonConverter(typeof(NamedEnumConverter<OnboardingStep>))]
public enum OnboardingStep
{
    [JsonStringEnumMemberName("usage_application_submitted")]
    UsageApplicationSubmitted,

    [JsonStringEnumMemberName("usage_application_approved")]
    UsageApplicationApproved,

    [JsonStringEnumMemberName("device_registered")]
    DeviceRegistered,

    [JsonStringEnumMemberName("operation_start_date_registered")]
    OperationStartDateRegistered,
}

/// <param name="On">The date the step was done, where one is known.</param>
/// <param name="Note">What is missing, or what to know about the step.</param>
public sealed record ChecklistItem(OnboardingStep Step, bool Done, DateOnly? On, string Note);

public static class OnboardingChecklist
{
    public static IReadOnlyList<ChecklistItem> For(FacilityState facility, DateOnly today)
    {
        var first = facility.Applications.FirstOrDefault();
        var approved = facility.FirstApprovedOn;
        var active = facility.ActiveDevices.Count();
        return
        [
            new(OnboardingStep.UsageApplicationSubmitted, first is not null, first?.SubmittedOn,
                first is null ? "apply on the portal (利用開始申請) and record the application" : "submitted"),
            new(OnboardingStep.UsageApplicationApproved, approved is not null, approved,
                approved is not null ? "approved" : first is null ? "waits for the application" : "waiting for the approval mail (up to about a week)"),
            new(OnboardingStep.DeviceRegistered, active > 0, null,
                active > 0 ? $"{active} of {facility.DeviceAllowance} allowed device(s) active"
                    : approved is null ? "waits for the approval" : "register a device whose reader supports extended Lc/Le"),
            new(OnboardingStep.OperationStartDateRegistered, facility.OperationStartDate is not null, facility.OperationStartDate,
                facility.OperationStartDate is not { } start ? "register the operation start date (運用開始日) once a card was read"
                    : start > today ? "registered; online confirmation counts from that date" : "operating"),
        ];
    }

    /// <summary>The first step not done yet; null when every step is done.</summary>
    public static OnboardingStep? NextStep(IReadOnlyList<ChecklistItem> checklist) =>
        checklist.FirstOrDefault(i => !i.Done)?.Step;
}
