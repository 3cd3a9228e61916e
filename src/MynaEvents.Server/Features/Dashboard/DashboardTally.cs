using MynaEvents.Domain.Obligation;
using MynaEvents.Domain.Tenancy;
using MynaEvents.Server.Features.Facilities.Contracts;

namespace MynaEvents.Server.Features.Dashboard;

/// <summary>
/// Counts facilities as the Facilities feature already judged them (<see cref="FacilitySummary"/>):
/// the obligation status comes from its <see cref="ObligationRules"/> and "applied" from its
/// onboarding checklist, so no rule is decided twice.
/// </summary>
internal static class DashboardTally
{
    public static DashboardTable Table(IReadOnlyCollection<FacilitySummary> facilities) => new(
        Row(facilities.Where(f => f.Kind == FacilityKind.Judo).ToList()),
        Row(facilities.Where(f => f.Kind == FacilityKind.Ahaki).ToList()),
        Row(facilities));

    public static KindFigures Row(IReadOnlyCollection<FacilitySummary> facilities)
    {
        var total = facilities.Count;
        Share Count(Func<FacilitySummary, bool> predicate) => ShareOf(facilities.Count(predicate), total);
        Share Reason(ExemptionReason reason) =>
            Count(f => f.Obligation is { State: ObligationState.Exempt } status && status.ExemptionReason == reason);

        var exempt = Count(f => f.Obligation.State == ObligationState.Exempt);
        return new KindFigures(
            total,
            Count(Applied),
            Count(f => f.Obligation.State == ObligationState.MetByOwn),
            Count(f => f.Obligation.State == ObligationState.MetByColocation),
            new ExemptFigures(exempt.Count, exempt.Percent, new ExemptionShares(
                Reason(ExemptionReason.AllPractitioners70OrOlder),
                Reason(ExemptionReason.VisualImpairment),
                Reason(ExemptionReason.ClosureOrSuspension),
                Reason(ExemptionReason.StopsDelegatedBilling))),
            Count(f => f.Obligation.State == ObligationState.RequiredNotMet));
    }

    /// <summary>
    /// 利用申請済: the checklist's first step (an application submitted) is done by the facility
    /// itself. A co-location's secondary whose steps are covered by its primary has not applied.
    /// </summary>
    public static bool Applied(FacilitySummary facility) => facility.Applied;

    /// <summary>
    /// The percentage of <paramref name="count"/> in <paramref name="total"/>, rounded half up to one
    /// decimal in integer arithmetic (exact, always written with one decimal); 0.0 when total is 0.
    /// </summary>
    public static Share ShareOf(int count, int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, total);
        var tenths = total == 0 ? 0L : (2000L * count + total) / (2L * total);
        return new Share(count, new decimal((int)tenths, 0, 0, false, 1));
    }
}
