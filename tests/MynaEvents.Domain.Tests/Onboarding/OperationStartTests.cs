using MynaEvents.Domain.Decisions;
using MynaEvents.Domain.Devices;
using MynaEvents.Domain.Onboarding;

namespace MynaEvents.Domain.Tests.Onboarding;

public sealed class OperationStartTests
{
    private static readonly DateOnly Today = Given.Today;

    private static RegisterOperationStartDate On(DateOnly? date) => new(date);

    /// <summary>Decides as the server does once a card was read at the facility (step 4 of the ministry's guide).</summary>
    private static Decision Decide(FacilityState facility, RegisterOperationStartDate command, DateOnly today, bool cardRead = true) =>
        OperationStartDecider.Decide(facility, command, today, cardRead);

    [Fact]
    public void the_start_date_is_registered_once_the_facility_is_approved_and_has_an_active_device()
    {
        var registered = Expect.Accepted<OperationStartDateRegistered>(Decide(Given.Equipped(), On(new DateOnly(2024, 11, 1)), Today));

        Assert.Equal(new DateOnly(2024, 11, 1), registered.StartDate);
    }

    [Fact]
    public void without_approval_or_without_an_active_device_the_start_date_is_refused()
    {
        Expect.Rejected(Decide(Given.Facility(Given.Submitted()), On(Today), Today), "facilityId", "usage_application_not_approved");
        Expect.Rejected(Decide(Given.Approved(devices: 2), On(Today), Today), "facilityId", "no_active_device");
        var retired = Given.Equipped().Apply(new DeviceRetired("dev-1", "broken"));
        Expect.Rejected(Decide(retired, On(Today), Today), "facilityId", "no_active_device");
    }

    [Fact]
    public void before_a_card_was_read_at_the_facility_the_start_date_is_refused()
    {
        var refused = Expect.Rejected(Decide(Given.Equipped(), On(Today), Today, cardRead: false), "facilityId", "no_card_read");
        Assert.Contains("read a My Number card", refused.Message, StringComparison.Ordinal);
        // The order of the guide: the earlier steps are named first.
        Expect.Rejected(Decide(Given.Approved(devices: 2), On(Today), Today, cardRead: false), "facilityId", "no_active_device");
        Expect.Rejected(Decide(Given.Equipped(), On(null), Today, cardRead: false), "startDate", "required");
    }

    [Fact]
    public void a_planned_start_date_ahead_of_today_is_accepted_within_a_year()
    {
        Expect.Accepted<OperationStartDateRegistered>(Decide(Given.Equipped(), On(Today.AddDays(30)), Today));
        Expect.Rejected(Decide(Given.Equipped(), On(Today.AddDays(OperationStartDecider.MaxDaysAhead + 1)), Today), "startDate", "too_far_ahead");
    }

    [Fact]
    public void a_start_before_the_service_began_or_before_the_approval_is_refused()
    {
        Expect.Rejected(Decide(Given.Equipped(), On(new DateOnly(2024, 3, 31)), Today), "startDate", "before_service_began");
        Expect.Rejected(Decide(Given.Equipped(), On(new DateOnly(2024, 10, 6)), Today), "startDate", "before_approval");
        Expect.Rejected(Decide(Given.Equipped(), On(null), Today), "startDate", "required");
    }

    [Fact]
    public void registering_another_date_replaces_the_first_and_the_same_date_again_is_refused()
    {
        var facility = Given.Operating();

        var moved = Expect.Accepted<OperationStartDateRegistered>(Decide(facility, On(new DateOnly(2024, 11, 5)), Today));
        Assert.Equal(new DateOnly(2024, 11, 5), facility.Apply(moved).OperationStartDate);
        Expect.Rejected(Decide(facility, On(new DateOnly(2024, 11, 1)), Today), "startDate", "unchanged");
    }
}
