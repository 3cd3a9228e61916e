using MynaEvents.Domain.Obligation;
using MynaEvents.Domain.Onboarding;
using MynaEvents.Domain.Tenancy;

namespace MynaEvents.Domain.Tests.Obligation;

public sealed class ExemptionTests
{
    private static DeclareExemption Declare(ExemptionReason? reason, DateOnly? planned = null) => new(reason, planned);

    [Theory]
    [InlineData(FacilityKind.Judo)]
    [InlineData(FacilityKind.Ahaki)]
    public void all_practitioners_70_or_older_exempts_either_kind(FacilityKind kind)
    {
        var declared = Expect.Accepted<ExemptionDeclared>(ExemptionDecider.Decide(kind, FacilityState.Initial, Declare(ExemptionReason.AllPractitioners70OrOlder)));

        Assert.Equal((ExemptionReason.AllPractitioners70OrOlder, (DateOnly?)null), (declared.Reason, declared.PlannedDate));
    }

    [Fact]
    public void visual_impairment_exempts_an_ahaki_facility_and_is_refused_for_judo_with_a_clear_message()
    {
        Expect.Accepted<ExemptionDeclared>(ExemptionDecider.Decide(FacilityKind.Ahaki, FacilityState.Initial, Declare(ExemptionReason.VisualImpairment)));

        var refused = Expect.Rejected(ExemptionDecider.Decide(FacilityKind.Judo, FacilityState.Initial, Declare(ExemptionReason.VisualImpairment)),
            "reason", "visual_impairment_is_ahaki_only");
        Assert.Contains("あはき", refused.Message, StringComparison.Ordinal);
        Assert.Contains("judo", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExemptionReason.ClosureOrSuspension)]
    [InlineData(ExemptionReason.StopsDelegatedBilling)]
    public void a_plan_exempts_only_with_a_concrete_date_on_or_before_2025_12_02(ExemptionReason reason)
    {
        var onDeadline = Expect.Accepted<ExemptionDeclared>(ExemptionDecider.Decide(FacilityKind.Judo, FacilityState.Initial, Declare(reason, new DateOnly(2025, 12, 2))));
        Assert.Equal(new DateOnly(2025, 12, 2), onDeadline.PlannedDate);

        Expect.Rejected(ExemptionDecider.Decide(FacilityKind.Judo, FacilityState.Initial, Declare(reason, new DateOnly(2025, 12, 3))), "plannedDate", "planned_date_after_deadline");
        Expect.Rejected(ExemptionDecider.Decide(FacilityKind.Ahaki, FacilityState.Initial, Declare(reason)), "plannedDate", "planned_date_required");
    }

    [Theory]
    [InlineData(ExemptionReason.AllPractitioners70OrOlder)]
    [InlineData(ExemptionReason.VisualImpairment)]
    public void a_reason_about_the_practitioners_takes_no_date(ExemptionReason reason) =>
        Expect.Rejected(ExemptionDecider.Decide(FacilityKind.Ahaki, FacilityState.Initial, Declare(reason, new DateOnly(2025, 1, 1))), "plannedDate", "planned_date_not_applicable");

    [Fact]
    public void the_reason_is_required() =>
        Expect.Rejected(ExemptionDecider.Decide(FacilityKind.Judo, FacilityState.Initial, Declare(null)), "reason", "required");

    [Fact]
    public void one_exemption_is_in_force_at_a_time_and_a_withdrawn_one_makes_room()
    {
        var exempt = Given.Facility(new ExemptionDeclared(ExemptionReason.ClosureOrSuspension, new DateOnly(2025, 3, 31)));

        Expect.Rejected(ExemptionDecider.Decide(FacilityKind.Judo, exempt, Declare(ExemptionReason.AllPractitioners70OrOlder)), "reason", "exemption_in_force");
        var withdrawn = Expect.Accepted<ExemptionWithdrawn>(ExemptionDecider.Decide(exempt, new WithdrawExemption()));
        Assert.Equal(ExemptionReason.ClosureOrSuspension, withdrawn.Reason);
        Expect.Accepted<ExemptionDeclared>(ExemptionDecider.Decide(FacilityKind.Judo, exempt.Apply(withdrawn), Declare(ExemptionReason.AllPractitioners70OrOlder)));
    }

    [Fact]
    public void withdrawing_without_an_exemption_is_refused() =>
        Expect.Rejected(ExemptionDecider.Decide(FacilityState.Initial, new WithdrawExemption()), "facilityId", "no_exemption");
}
