namespace MynaEvents.Domain.Onboarding;

/// <summary>
/// 利用申請 (利用開始申請): the facility applied on the portal to use eligibility-only online
/// confirmation. Only the method of 施設確認 is recorded: the manager's birth date used by the
/// registration-number method is checked and dropped, because we have no use for it.
/// </summary>
/// <param name="ApprovalNoticeReference">The uploaded 受領委任承諾通知書, for the approval-notice method only.</param>
/// <param name="RequestedDeviceCount">申請台数: devices this application allows once approved (1–20).</param>
public sealed record UsageApplicationSubmitted(
    string ApplicationId,
    DateOnly SubmittedOn,
    FacilityConfirmationMethod ConfirmationMethod,
    string? ApprovalNoticeReference,
    int StaffCount,
    int RequestedDeviceCount) : IFacilityEvent;

/// <summary>The approval mail (利用開始申請受付完了) arrived: devices may now be registered.</summary>
public sealed record UsageApplicationApproved(string ApplicationId, DateOnly ApprovedOn) : IFacilityEvent;

/// <summary>
/// 運用開始日: the day the facility starts (or planned to start) confirming eligibility online,
/// as entered on the portal for the ministry's published list. Registering again replaces it.
/// </summary>
public sealed record OperationStartDateRegistered(DateOnly StartDate) : IFacilityEvent;
