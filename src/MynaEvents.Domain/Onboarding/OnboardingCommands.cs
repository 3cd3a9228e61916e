namespace MynaEvents.Domain.Onboarding;

/// <summary>
/// Record a usage application (利用申請). <paramref name="ManagerBirthDate"/> goes with the
/// registration-number method, <paramref name="ApprovalNoticeReference"/> with the notice;
/// <paramref name="SubmittedOn"/> defaults to today (JST).
/// </summary>
public sealed record SubmitUsageApplication(
    string ApplicationId,
    FacilityConfirmationMethod? ConfirmationMethod,
    DateOnly? ManagerBirthDate,
    string? ApprovalNoticeReference,
    int? StaffCount,
    int? RequestedDeviceCount,
    DateOnly? SubmittedOn);

/// <summary>Record the approval of a pending application; <paramref name="ApprovedOn"/> defaults to today (JST).</summary>
public sealed record ApproveUsageApplication(string ApplicationId, DateOnly? ApprovedOn);

/// <summary>Register (or change) the operation start date (運用開始日), which may still lie ahead.</summary>
public sealed record RegisterOperationStartDate(DateOnly? StartDate);
