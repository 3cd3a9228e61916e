using System.Buffers;
using MynaEvents.Domain.Decisions;

namespace MynaEvents.Domain.Onboarding;

/// <summary>
/// The rules of the usage application (利用申請) as the portal's form has them: a 施設確認
/// method with its one piece of evidence, the number of staff, and 1–20 devices per
/// application. One application is pending at a time.
/// </summary>
public static class UsageApplicationDecider
{
    /// <summary>1度の申請における上限台数: the most devices one application may ask for.</summary>
    public const int MaxDevicesPerApplication = 20;

    /// <summary>A typo guard, not a rule of the portal.</summary>
    public const int MaxStaffCount = 10_000;

    public const int ReferenceMaxLength = 200;

    private static readonly SearchValues<char> ReferenceCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:/-");

    public static Decision Decide(FacilityState facility, SubmitUsageApplication command, DateOnly today)
    {
        if (command.ConfirmationMethod is not { } method)
            return Decision.Reject("confirmationMethod", "required",
                "is required: registration_number_and_manager_birth_date or approval_notice (施設確認)");
        if (!Enum.IsDefined(method))
            return Decision.Reject("confirmationMethod", "unknown_value",
                "must be registration_number_and_manager_birth_date or approval_notice");
        if (ConfirmationProblem(method, command, today) is { } badConfirmation) return Decision.Reject(badConfirmation);
        if (command.StaffCount is not { } staff)
            return Decision.Reject("staffCount", "required", "is required: the number of staff (職員数)");
        if (staff is < 1 or > MaxStaffCount)
            return Decision.Reject("staffCount", "staff_count_range", $"must be between 1 and {MaxStaffCount}");
        if (command.RequestedDeviceCount is not { } devices)
            return Decision.Reject("requestedDeviceCount", "required", "is required: the number of devices applied for (申請台数)");
        if (devices is < 1 or > MaxDevicesPerApplication)
            return Decision.Reject("requestedDeviceCount", "requested_device_count_range",
                $"must be between 1 and {MaxDevicesPerApplication}: one usage application registers at most {MaxDevicesPerApplication} devices");
        var submittedOn = command.SubmittedOn ?? today;
        if (submittedOn > today)
            return Decision.Reject("submittedOn", "date_in_future", $"must not be after today ({today:yyyy-MM-dd}, JST)");
        if (facility.PendingApplication is { } pending)
            return Decision.Reject("facilityId", "application_pending",
                $"usage application '{pending.ApplicationId}' is still waiting for approval; record its approval first");
        if (facility.FindApplication(command.ApplicationId) is not null)
            return Decision.Reject("applicationId", "application_exists", $"usage application '{command.ApplicationId}' already exists");

        var reference = method == FacilityConfirmationMethod.ApprovalNotice ? command.ApprovalNoticeReference!.Trim() : null;
        return Decision.Accept(new UsageApplicationSubmitted(command.ApplicationId, submittedOn, method, reference, staff, devices));
    }

    public static Decision Decide(FacilityState facility, ApproveUsageApplication command, DateOnly today)
    {
        var application = facility.FindApplication(command.ApplicationId);
        if (application is null)
            return Decision.Reject("applicationId", "unknown_application", $"the facility has no usage application '{command.ApplicationId}'");
        if (application.IsApproved)
            return Decision.Reject("applicationId", "already_approved",
                $"usage application '{command.ApplicationId}' was already approved on {application.ApprovedOn:yyyy-MM-dd}");
        var approvedOn = command.ApprovedOn ?? today;
        if (approvedOn > today)
            return Decision.Reject("approvedOn", "date_in_future", $"must not be after today ({today:yyyy-MM-dd}, JST)");
        if (approvedOn < application.SubmittedOn)
            return Decision.Reject("approvedOn", "approved_before_submitted",
                $"must not be before the application was submitted ({application.SubmittedOn:yyyy-MM-dd})");
        return Decision.Accept(new UsageApplicationApproved(command.ApplicationId, approvedOn));
    }

    private static DomainRejection? ConfirmationProblem(FacilityConfirmationMethod method, SubmitUsageApplication command, DateOnly today)
    {
        if (method == FacilityConfirmationMethod.RegistrationNumberAndManagerBirthDate)
        {
            if (command.ApprovalNoticeReference is not null)
                return new("approvalNoticeReference", "not_applicable",
                    "must be omitted when the facility is confirmed by registration number and the manager's birth date");
            return ManagerBirthDate.Problem(command.ManagerBirthDate, today);
        }

        // The birth date is personal data we would have no use for: refuse it rather than drop it silently.
        if (command.ManagerBirthDate is not null)
            return new("managerBirthDate", "not_applicable",
                "must be omitted when the facility is confirmed by the approval notice; it is only needed for the registration-number method");
        var reference = command.ApprovalNoticeReference?.Trim() ?? "";
        if (reference.Length == 0)
            return new("approvalNoticeReference", "required",
                "is required for approval_notice: the reference of the uploaded 受領委任承諾通知書");
        if (reference.Length > ReferenceMaxLength || reference.AsSpan().IndexOfAnyExcept(ReferenceCharacters) >= 0)
            return new("approvalNoticeReference", "reference_format",
                $"must be 1–{ReferenceMaxLength} characters of ASCII letters, digits, '.', '_', ':', '/' or '-' (a document reference, not the document)");
        return null;
    }
}
