using System.Text.Json;
using MynaEvents.Domain.Onboarding;

namespace MynaEvents.Domain.Tests.Onboarding;

public sealed class UsageApplicationTests
{
    private static readonly DateOnly Today = Given.Today;
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static SubmitUsageApplication ByNumber(DateOnly? birth, int? devices = 2, int? staff = 3) =>
        new("app-1", FacilityConfirmationMethod.RegistrationNumberAndManagerBirthDate, birth, null, staff, devices, null);

    private static SubmitUsageApplication ByNotice(string? reference, DateOnly? birth = null) =>
        new("app-1", FacilityConfirmationMethod.ApprovalNotice, birth, reference, 3, 2, null);

    [Fact]
    public void an_application_by_registration_number_records_the_method_and_never_the_birth_date()
    {
        var birth = new DateOnly(1961, 5, 17);
        var submitted = Expect.Accepted<UsageApplicationSubmitted>(UsageApplicationDecider.Decide(FacilityState.Initial, ByNumber(birth), Today));

        Assert.Equal(FacilityConfirmationMethod.RegistrationNumberAndManagerBirthDate, submitted.ConfirmationMethod);
        Assert.Equal((3, 2, Today), (submitted.StaffCount, submitted.RequestedDeviceCount, submitted.SubmittedOn));
        var payload = JsonSerializer.Serialize(submitted, Web);
        Assert.DoesNotContain("1961", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("05-17", payload, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(payload);
        Assert.DoesNotContain(document.RootElement.EnumerateObject(), p => p.Name.Contains("birth", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void the_manager_must_be_an_adult_on_the_day_of_the_application()
    {
        var turns18Today = Today.AddYears(-18);

        Expect.Accepted<UsageApplicationSubmitted>(UsageApplicationDecider.Decide(FacilityState.Initial, ByNumber(turns18Today), Today));
        Expect.Rejected(UsageApplicationDecider.Decide(FacilityState.Initial, ByNumber(turns18Today.AddDays(1)), Today), "managerBirthDate", "birth_date_not_plausible");
    }

    [Theory]
    [InlineData(1, "birth_date_not_plausible")]
    [InlineData(-121 * 366, "birth_date_not_plausible")]
    public void a_birth_date_in_the_future_or_beyond_a_lifetime_is_refused(int daysFromToday, string rule) =>
        Expect.Rejected(UsageApplicationDecider.Decide(FacilityState.Initial, ByNumber(Today.AddDays(daysFromToday)), Today), "managerBirthDate", rule);

    [Fact]
    public void the_registration_number_method_needs_the_birth_date_and_takes_no_notice()
    {
        Expect.Rejected(UsageApplicationDecider.Decide(FacilityState.Initial, ByNumber(null), Today), "managerBirthDate", "required");
        var withNotice = ByNumber(new DateOnly(1970, 1, 1)) with { ApprovalNoticeReference = "uploads/notice.pdf" };
        Expect.Rejected(UsageApplicationDecider.Decide(FacilityState.Initial, withNotice, Today), "approvalNoticeReference", "not_applicable");
    }

    [Fact]
    public void an_application_by_approval_notice_records_the_reference_and_refuses_a_birth_date()
    {
        var submitted = Expect.Accepted<UsageApplicationSubmitted>(UsageApplicationDecider.Decide(FacilityState.Initial, ByNotice(" uploads/2024/notice-17.pdf "), Today));
        Assert.Equal((FacilityConfirmationMethod.ApprovalNotice, "uploads/2024/notice-17.pdf"), (submitted.ConfirmationMethod, submitted.ApprovalNoticeReference));

        Expect.Rejected(UsageApplicationDecider.Decide(FacilityState.Initial, ByNotice(null), Today), "approvalNoticeReference", "required");
        Expect.Rejected(UsageApplicationDecider.Decide(FacilityState.Initial, ByNotice("notice 17.pdf"), Today), "approvalNoticeReference", "reference_format");
        Expect.Rejected(UsageApplicationDecider.Decide(FacilityState.Initial, ByNotice("notice.pdf", new DateOnly(1970, 1, 1)), Today), "managerBirthDate", "not_applicable");
    }

    [Fact]
    public void the_confirmation_method_is_required() =>
        Expect.Rejected(UsageApplicationDecider.Decide(FacilityState.Initial, ByNumber(new DateOnly(1970, 1, 1)) with { ConfirmationMethod = null }, Today),
            "confirmationMethod", "required");

    [Theory]
    [InlineData(null, "required")]
    [InlineData(0, "staff_count_range")]
    [InlineData(-2, "staff_count_range")]
    public void the_staff_count_is_at_least_one(int? staff, string rule) =>
        Expect.Rejected(UsageApplicationDecider.Decide(FacilityState.Initial, ByNumber(new DateOnly(1970, 1, 1), staff: staff), Today), "staffCount", rule);

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    public void one_application_asks_for_one_to_twenty_devices(int devices) =>
        Expect.Accepted<UsageApplicationSubmitted>(UsageApplicationDecider.Decide(FacilityState.Initial, ByNumber(new DateOnly(1970, 1, 1), devices), Today));

    [Theory]
    [InlineData(null, "required")]
    [InlineData(0, "requested_device_count_range")]
    [InlineData(21, "requested_device_count_range")]
    public void more_than_twenty_or_no_devices_are_refused(int? devices, string rule) =>
        Expect.Rejected(UsageApplicationDecider.Decide(FacilityState.Initial, ByNumber(new DateOnly(1970, 1, 1), devices), Today), "requestedDeviceCount", rule);

    [Fact]
    public void one_application_waits_for_approval_at_a_time_and_another_may_follow_it()
    {
        var pending = Given.Facility(Given.Submitted("app-0"));
        var next = ByNumber(new DateOnly(1970, 1, 1));

        Expect.Rejected(UsageApplicationDecider.Decide(pending, next, Today), "facilityId", "application_pending");
        Expect.Accepted<UsageApplicationSubmitted>(UsageApplicationDecider.Decide(pending.Apply(Given.Approved("app-0")), next, Today));
    }

    [Fact]
    public void a_submission_date_after_today_is_refused() =>
        Expect.Rejected(UsageApplicationDecider.Decide(FacilityState.Initial, ByNumber(new DateOnly(1970, 1, 1)) with { SubmittedOn = Today.AddDays(1) }, Today),
            "submittedOn", "date_in_future");

    [Fact]
    public void an_approval_is_recorded_once_for_a_known_application_on_a_plausible_date()
    {
        var pending = Given.Facility(Given.Submitted("app-1"));

        var approved = Expect.Accepted<UsageApplicationApproved>(UsageApplicationDecider.Decide(pending, new ApproveUsageApplication("app-1", null), Today));
        Assert.Equal(Today, approved.ApprovedOn);

        Expect.Rejected(UsageApplicationDecider.Decide(pending, new ApproveUsageApplication("app-9", null), Today), "applicationId", "unknown_application");
        Expect.Rejected(UsageApplicationDecider.Decide(pending.Apply(approved), new ApproveUsageApplication("app-1", null), Today), "applicationId", "already_approved");
        Expect.Rejected(UsageApplicationDecider.Decide(pending, new ApproveUsageApplication("app-1", Today.AddDays(1)), Today), "approvedOn", "date_in_future");
        Expect.Rejected(UsageApplicationDecider.Decide(pending, new ApproveUsageApplication("app-1", new DateOnly(2024, 9, 30)), Today), "approvedOn", "approved_before_submitted");
    }
}
