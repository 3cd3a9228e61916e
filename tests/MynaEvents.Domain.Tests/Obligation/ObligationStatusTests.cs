using MynaEvents.Domain.Colocation;
using MynaEvents.Domain.Obligation;
using MynaEvents.Domain.Onboarding;

namespace MynaEvents.Domain.Tests.Obligation;

public sealed class ObligationStatusTests
{
    private static readonly DateOnly Today = Given.Today;

    [Fact]
    public void a_facility_that_did_nothing_is_required_and_not_met() =>
        Assert.Equal(ObligationState.RequiredNotMet, ObligationRules.Derive(FacilityState.Initial, null, Today).State);

    [Fact]
    public void an_approved_facility_with_devices_but_no_start_date_has_not_met_it_yet() =>
        Assert.Equal(ObligationState.RequiredNotMet, ObligationRules.Derive(Given.Equipped(), null, Today).State);

    [Fact]
    public void a_start_date_that_has_come_meets_the_obligation_by_the_facility_itself()
    {
        var status = ObligationRules.Derive(Given.Operating(), null, Today);

        Assert.Equal((ObligationState.MetByOwn, new DateOnly(2024, 11, 1)), (status.State, status.OperationStartDate));
    }

    [Fact]
    public void a_start_date_still_ahead_meets_it_only_from_that_date()
    {
        var planned = Given.Equipped().Apply(new OperationStartDateRegistered(Today.AddDays(3)));

        Assert.Equal(ObligationState.RequiredNotMet, ObligationRules.Derive(planned, null, Today).State);
        Assert.Equal(ObligationState.MetByOwn, ObligationRules.Derive(planned, null, Today.AddDays(3)).State);
    }

    [Fact]
    public void an_exempt_facility_is_exempt_with_its_reason_and_date()
    {
        var exempt = Given.Facility(new ExemptionDeclared(ExemptionReason.StopsDelegatedBilling, new DateOnly(2025, 6, 30)));

        var status = ObligationRules.Derive(exempt, null, Today);

        Assert.Equal((ObligationState.Exempt, ExemptionReason.StopsDelegatedBilling, new DateOnly(2025, 6, 30)),
            (status.State, status.ExemptionReason!.Value, status.PlannedDate!.Value));
        Assert.Equal(ObligationState.RequiredNotMet, ObligationRules.Derive(exempt.Apply(new ExemptionWithdrawn(ExemptionReason.StopsDelegatedBilling)), null, Today).State);
    }

    [Fact]
    public void operating_outranks_an_exemption()
    {
        var both = Given.Operating().Apply(new ExemptionDeclared(ExemptionReason.AllPractitioners70OrOlder, null));

        Assert.Equal(ObligationState.MetByOwn, ObligationRules.Derive(both, null, Today).State);
    }

    [Fact]
    public void the_secondary_of_an_active_colocation_is_met_while_its_primary_operates()
    {
        var status = ObligationRules.Derive(FacilityState.Initial, new PrimaryOfColocation("fac-j", Given.Operating()), Today);

        Assert.Equal((ObligationState.MetByColocation, "fac-j"), (status.State, status.PrimaryFacilityId));
    }

    [Fact]
    public void a_primary_that_does_not_operate_yet_or_is_only_exempt_covers_no_secondary()
    {
        var notYet = ObligationRules.Derive(FacilityState.Initial, new PrimaryOfColocation("fac-j", Given.Equipped()), Today);
        var exemptPrimary = Given.Equipped().Apply(new ExemptionDeclared(ExemptionReason.AllPractitioners70OrOlder, null));
        var onlyExempt = ObligationRules.Derive(FacilityState.Initial, new PrimaryOfColocation("fac-j", exemptPrimary), Today);

        Assert.Equal(ObligationState.RequiredNotMet, notYet.State);
        Assert.Equal(ObligationState.RequiredNotMet, onlyExempt.State);
    }

    [Fact]
    public void after_withdrawal_the_former_secondary_stands_on_its_own()
    {
        var declared = new ColocationDeclared("col-1", "br-1", "fac-j", "fac-a", "fac-j", ["dev-1"]);
        var branch = ColocationState.Fold([declared]);
        Assert.Same(declared, branch.ActiveWithSecondary("fac-a"));
        Assert.Null(branch.ActiveWithSecondary("fac-j"));

        var withdrawn = branch.Apply(new ColocationWithdrawn("col-1"));

        Assert.Null(withdrawn.ActiveWithSecondary("fac-a"));
        var primary = withdrawn.ActiveWithSecondary("fac-a") is { } d ? new PrimaryOfColocation(d.PrimaryFacilityId, Given.Operating()) : null;
        Assert.Equal(ObligationState.RequiredNotMet, ObligationRules.Derive(FacilityState.Initial, primary, Today).State);
    }
}
