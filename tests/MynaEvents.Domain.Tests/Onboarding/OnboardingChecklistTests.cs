using MynaEvents.Domain.Onboarding;

namespace MynaEvents.Domain.Tests.Onboarding;

public sealed class OnboardingChecklistTests
{
    private static readonly OnboardingFacts NoCardRead = new(CardReadAtFacility: false);
    private static readonly OnboardingFacts CardRead = new(CardReadAtFacility: true);

    [Fact]
    public void a_new_facility_starts_with_the_usage_application_and_the_steps_follow_the_ministrys_order()
    {
        var checklist = OnboardingChecklist.For(FacilityState.Initial, Given.Today, NoCardRead);

        Assert.Equal(
            [OnboardingStep.UsageApplicationSubmitted, OnboardingStep.UsageApplicationApproved, OnboardingStep.DeviceRegistered,
             OnboardingStep.FirstCardRead, OnboardingStep.OperationStartDateRegistered],
            checklist.Select(i => i.Step));
        Assert.All(checklist, i => Assert.False(i.Done));
        Assert.All(checklist, i => Assert.Null(i.CoveredBy));
        Assert.Equal(OnboardingStep.UsageApplicationSubmitted, OnboardingChecklist.NextStep(checklist));
        Assert.False(OnboardingChecklist.HasApplied(checklist));
    }

    [Fact]
    public void each_recorded_step_is_ticked_with_its_date()
    {
        var waiting = OnboardingChecklist.For(Given.Facility(Given.Submitted()), Given.Today, NoCardRead);
        Assert.Equal(OnboardingStep.UsageApplicationApproved, OnboardingChecklist.NextStep(waiting));
        Assert.Equal(new DateOnly(2024, 10, 1), waiting[0].On);
        Assert.True(OnboardingChecklist.HasApplied(waiting));

        var operating = OnboardingChecklist.For(Given.Operating(), Given.Today, CardRead);
        Assert.Null(OnboardingChecklist.NextStep(operating));
        Assert.Equal(new DateOnly(2024, 10, 7), operating[1].On);
        Assert.Equal(new DateOnly(2024, 11, 1), operating[4].On);
    }

    [Fact]
    public void after_the_device_comes_a_card_read_and_only_then_the_start_date()
    {
        var equipped = OnboardingChecklist.For(Given.Equipped(), Given.Today, NoCardRead);
        Assert.Equal(OnboardingStep.FirstCardRead, OnboardingChecklist.NextStep(equipped));
        Assert.Contains("read a My Number card", equipped[3].Note, StringComparison.Ordinal);
        Assert.Contains("after a card was read", equipped[4].Note, StringComparison.Ordinal);

        var read = OnboardingChecklist.For(Given.Equipped(), Given.Today, CardRead);
        Assert.True(read[3].Done);
        Assert.Equal(OnboardingStep.OperationStartDateRegistered, OnboardingChecklist.NextStep(read));
    }

    [Fact]
    public void a_card_read_waits_for_a_device()
    {
        var approved = OnboardingChecklist.For(Given.Approved(devices: 2), Given.Today, NoCardRead);
        Assert.Equal(OnboardingStep.DeviceRegistered, OnboardingChecklist.NextStep(approved));
        Assert.Contains("waits for a registered device", approved[3].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void a_start_date_registered_before_any_recorded_card_read_points_back_to_the_card_read()
    {
        var checklist = OnboardingChecklist.For(Given.Operating(), Given.Today, NoCardRead);

        Assert.True(checklist[4].Done);
        Assert.Equal(OnboardingStep.FirstCardRead, OnboardingChecklist.NextStep(checklist));
    }

    [Fact]
    public void a_start_date_still_ahead_is_ticked_and_says_when_it_counts()
    {
        var planned = Given.Equipped().Apply(new OperationStartDateRegistered(Given.Today.AddDays(10)));

        var step = OnboardingChecklist.For(planned, Given.Today, CardRead)[4];

        Assert.True(step.Done);
        Assert.Contains("counts from", step.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void the_secondary_of_a_co_location_in_force_has_its_steps_covered_by_the_primary_and_no_next_step()
    {
        var checklist = OnboardingChecklist.For(FacilityState.Initial, Given.Today, new OnboardingFacts(false, CoveringPrimaryFacilityId: "fac-judo"));

        Assert.All(checklist, i => Assert.False(i.Done));
        Assert.All(checklist, i => Assert.Equal("fac-judo", i.CoveredBy));
        Assert.All(checklist, i => Assert.Contains("fac-judo", i.Note, StringComparison.Ordinal));
        Assert.Null(OnboardingChecklist.NextStep(checklist));
        Assert.False(OnboardingChecklist.HasApplied(checklist)); // covered is not applied: the ministry counts own applications
    }

    [Fact]
    public void a_secondary_keeps_the_steps_it_did_itself_and_only_the_rest_is_covered()
    {
        var checklist = OnboardingChecklist.For(Given.Approved(devices: 1), Given.Today, new OnboardingFacts(false, "fac-judo"));

        Assert.Equal([true, true, false, false, false], checklist.Select(i => i.Done));
        Assert.Equal([null, null, "fac-judo", "fac-judo", "fac-judo"], checklist.Select(i => i.CoveredBy));
        Assert.Null(OnboardingChecklist.NextStep(checklist));
        Assert.True(OnboardingChecklist.HasApplied(checklist));
    }
}
