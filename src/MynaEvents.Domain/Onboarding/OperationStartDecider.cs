using MynaEvents.Domain.Decisions;

namespace MynaEvents.Domain.Onboarding;

/// <summary>
/// When a facility may register its operation start date (運用開始日). The ministry asks for it
/// "once the preparation for introduction and operation is complete", after the app was set up
/// on a registered device and a card was read: so we require an approved application and an
/// active device of the facility's own. The date may lie ahead (運用開始予定日).
/// </summary>
public static class OperationStartDecider
{
    /// <summary>令和6年4月: eligibility-only online confirmation (資格確認限定型) began operating.</summary>
    public static DateOnly ServiceBegan { get; } = new(2024, 4, 1);

    /// <summary>How far ahead a planned start date may lie: further is taken for a typo.</summary>
    public const int MaxDaysAhead = 366;

    public static Decision Decide(FacilityState facility, RegisterOperationStartDate command, DateOnly today)
    {
        if (command.StartDate is not { } start)
            return Decision.Reject("startDate", "required", "is required: the operation start date (運用開始日), yyyy-MM-dd");
        if (!facility.IsApproved)
            return Decision.Reject("facilityId", "usage_application_not_approved",
                "the facility has no approved usage application (利用申請); the start date comes after approval and device setup");
        if (!facility.HasActiveDevice)
            return Decision.Reject("facilityId", "no_active_device",
                "the facility has no active device; register and set up a device before registering the start date");
        if (start < ServiceBegan)
            return Decision.Reject("startDate", "before_service_began",
                $"must be on or after {ServiceBegan:yyyy-MM-dd}, when eligibility-only online confirmation began");
        if (facility.FirstApprovedOn is { } approved && start < approved)
            return Decision.Reject("startDate", "before_approval",
                $"must be on or after the approval of the usage application ({approved:yyyy-MM-dd})");
        if (start > today.AddDays(MaxDaysAhead))
            return Decision.Reject("startDate", "too_far_ahead", $"must be within {MaxDaysAhead} days of today ({today:yyyy-MM-dd}, JST)");
        if (facility.OperationStartDate == start)
            return Decision.Reject("startDate", "unchanged", $"the operation start date is already {start:yyyy-MM-dd}");
        return Decision.Accept(new OperationStartDateRegistered(start));
    }
}
