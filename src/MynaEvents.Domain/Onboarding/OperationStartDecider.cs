using MynaEvents.Domain.Decisions;

namespace MynaEvents.Domain.Onboarding;

/// <summary>
/// When a facility may register its operation start date (運用開始日). The ministry asks for it
/// "once the preparation for introduction and operation is complete"; the guide orders it after
/// the device is registered and a card was read successfully with the app (step 4), as the day
/// the app is first used (step 5). So we require an approved application, an active device of
/// the facility's own and a card read at the facility. The date may lie ahead (運用開始予定日).
/// </summary>
public static class OperationStartDecider
{
    /// <summary>令和6年4月: eligibility-only online confirmation (資格確認限定型) began operating.</summary>
    public static DateOnly ServiceBegan { get; } = new(2024, 4, 1);

    /// <summary>How far ahead a planned start date may lie: further is taken for a typo.</summary>
    public const int MaxDaysAhead = 366;

    /// <param name="cardReadAtFacility">Whether a card was read at the facility by a registered device (looked up by the caller).</param>
    public static Decision Decide(FacilityState facility, RegisterOperationStartDate command, DateOnly today, bool cardReadAtFacility)
    {
        if (command.StartDate is not { } start)
            return Decision.Reject("startDate", "required", "is required: the operation start date (運用開始日), yyyy-MM-dd");
        if (!facility.IsApproved)
            return Decision.Reject("facilityId", "usage_application_not_approved",
                "the facility has no approved usage application (利用申請); the start date comes after approval and device setup");
        if (!facility.HasActiveDevice)
            return Decision.Reject("facilityId", "no_active_device",
                "the facility has no active device; register and set up a device before registering the start date");
        if (!cardReadAtFacility)
            return Decision.Reject("facilityId", "no_card_read",
                "no card has been read at the facility yet: read a My Number card with a registered device first (step 4 of the " +
                "ministry's guide); the operation start date is the day the app is first used (a card read just now may take a " +
                "moment to be seen)");
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
