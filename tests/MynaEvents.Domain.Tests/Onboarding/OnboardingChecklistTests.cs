using MynaEvents.Domain.Onboarding;

namespace MynaEvents.Domain.Tests.Onboarding;

public sealed class OnboardingChecklistTests
{
    [Fact]
    public void a_new_facility_starts_with_the_usage_application()
    {
        var checklist = OnboardingChecklist.For(FacilityState.Initial, Given.Today);

        Assert.Equal(
            [OnboardingStep.UsageApplicationSubmitted, OnboardingStep.UsageApplicationApproved, OnboardingStep.DeviceRegistered, OnboardingStep.OperationStartDateRegistered],
            checklist.Select(i => i.Step));
        Assert.All(checklist, i => Assert.False(i.Done));
        Assert.Equal(OnboardingStep.UsageApplicationSubmitted, OnboardingChecklist.NextStep(checklist));
    }

    [Fact]
    public void each_recorded_step_is_ticked_with_its_date()
    {
        var waiting = OnboardingChecklist.For(Given.Facility(Given.Submitted()), Given.Today);
        Assert.Equal(OnboardingStep.UsageApplicationApproved, OnboardingChecklist.NextStep(waiting));
        Assert.Equal(new DateOnly(2024, 10, 1), waiting[0].On);

        var equipped = OnboardingChecklist.For(Given.Equipped(), Given.Today);
        Assert.Equal(OnboardingStep.OperationStartDateRegistered, OnboardingChecklist.NextStep(equipped));
        Assert.Equal(new DateOnly(2024, 10, 7), equipped[1].On);

        var operating = OnboardingChecklist.For(Given.Operating(), Given.Today);
        Assert.Null(OnboardingChecklist.NextStep(operating));
        Assert.Equal(new DateOnly(2024, 11, 1), operating[3].On);
    }

    [Fact]
    public void a_start_date_still_ahead_is_ticked_and_says_when_it_counts()
    {
        var planned = Given.Equipped().Apply(new OperationStartDateRegistered(Given.Today.AddDays(10)));

        var step = OnboardingChecklist.For(planned, Given.Today)[3];

        Assert.True(step.Done);
        Assert.Contains("counts from", step.Note, StringComparison.Ordinal);
    }
}
