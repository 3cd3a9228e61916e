using System.Text.Json.Serialization;
using MynaEvents.Domain.Serialization;

namespace MynaEvents.Domain.Onboarding;

/// <summary>
/// The onboarding steps of the ministry's guide that this system records, in the guide's order:
/// 利用申請 → 承認 (approval mail) → 機器登録 → a card read with the app (step 4) →
/// 運用開始日登録, the day the app is first used (step 5). The portal account, the app's setup on
/// the device and the subsidy application happen outside and are not tracked here.
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

    /// <summary>A My Number card was read at the facility with a registered device: the app works there.</summary>
    [JsonStringEnumMemberName("first_card_read")]
    FirstCardRead,

    [JsonStringEnumMemberName("operation_start_date_registered")]
    OperationStartDateRegistered,
}

/// <summary>What the checklist needs to know beyond the facility's own stream; the caller looks it up.</summary>
/// <param name="CardReadAtFacility">A card was read at the facility by a registered device (step 4 of the guide).</param>
/// <param name="CoveringPrimaryFacilityId">
/// The primary (主たる施術所) of the co-location in force in which this facility is the secondary;
/// its introduction counts for this one, so the steps this facility has not done are covered.
/// </param>
public sealed record OnboardingFacts(bool CardReadAtFacility, string? CoveringPrimaryFacilityId = null);

/// <param name="On">The date the step was done, where one is known.</param>
/// <param name="Note">What is missing, or what to know about the step.</param>
/// <param name="CoveredBy">The primary facility whose introduction covers this step (併設), when the facility has not done it itself.</param>
public sealed record ChecklistItem(OnboardingStep Step, bool Done, DateOnly? On, string Note, string? CoveredBy = null);

public static class OnboardingChecklist
{
    public static IReadOnlyList<ChecklistItem> For(FacilityState facility, DateOnly today, OnboardingFacts facts)
    {
        var first = facility.Applications.FirstOrDefault();
        var approved = facility.FirstApprovedOn;
        var active = facility.ActiveDevices.Count();
        ChecklistItem[] own =
        [
            new(OnboardingStep.UsageApplicationSubmitted, first is not null, first?.SubmittedOn,
                first is null ? "apply on the portal (利用開始申請) and record the application" : "submitted"),
            new(OnboardingStep.UsageApplicationApproved, approved is not null, approved,
                approved is not null ? "approved" : first is null ? "waits for the application" : "waiting for the approval mail (up to about a week)"),
            new(OnboardingStep.DeviceRegistered, active > 0, null,
                active > 0 ? $"{active} of {facility.DeviceAllowance} allowed device(s) active"
                    : approved is null ? "waits for the approval" : "register a device whose reader supports extended Lc/Le"),
            new(OnboardingStep.FirstCardRead, facts.CardReadAtFacility, null,
                facts.CardReadAtFacility ? "a card was read at the facility with a registered device"
                    : active > 0 ? "read a My Number card with a registered device, to confirm the app reads the insurance information"
                    : "waits for a registered device"),
            new(OnboardingStep.OperationStartDateRegistered, facility.OperationStartDate is not null, facility.OperationStartDate,
                facility.OperationStartDate is not { } start
                    ? "register the operation start date (運用開始日), the day the app is first used, after a card was read"
                    : start > today ? "registered; online confirmation counts from that date" : "operating"),
        ];
        if (facts.CoveringPrimaryFacilityId is not { } primary) return own;
        return [.. own.Select(item => item.Done ? item : item with
        {
            CoveredBy = primary,
            Note = $"covered by the primary facility '{primary}' of the co-location in force (併設申告): its introduction counts for this facility",
        })];
    }

    /// <summary>The first step neither done nor covered by a co-location; null when there is none.</summary>
    public static OnboardingStep? NextStep(IReadOnlyList<ChecklistItem> checklist) =>
        checklist.FirstOrDefault(i => !i.Done && i.CoveredBy is null)?.Step;

    /// <summary>利用申請済: the facility itself applied (a covered secondary has not).</summary>
    public static bool HasApplied(IReadOnlyList<ChecklistItem> checklist) =>
        checklist.Any(i => i.Step == OnboardingStep.UsageApplicationSubmitted && i.Done);
}
