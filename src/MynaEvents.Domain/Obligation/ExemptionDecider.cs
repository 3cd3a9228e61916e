using MynaEvents.Domain.Decisions;
using MynaEvents.Domain.Onboarding;
using MynaEvents.Domain.Tenancy;

namespace MynaEvents.Domain.Obligation;

/// <summary>
/// Which exemptions a facility may declare: exactly the やむを得ない事由 of the ministry's notice,
/// one in force at a time.
/// </summary>
public static class ExemptionDecider
{
    public static Decision Decide(FacilityKind kind, FacilityState facility, DeclareExemption command)
    {
        if (command.Reason is not { } reason)
            return Decision.Reject("reason", "required",
                "is required: all_practitioners_70_or_older, visual_impairment, closure_or_suspension or stops_delegated_billing");
        if (!Enum.IsDefined(reason))
            return Decision.Reject("reason", "unknown_value",
                "must be all_practitioners_70_or_older, visual_impairment, closure_or_suspension or stops_delegated_billing");
        if (reason == ExemptionReason.VisualImpairment && kind != FacilityKind.Ahaki)
            return Decision.Reject("reason", "visual_impairment_is_ahaki_only",
                "visual_impairment exempts only massage/acupuncture/moxibustion (あはき) facilities; a judo (柔道整復) facility is " +
                "exempt for its practitioners only when all full-time practitioners were 70 or older in April 2024");
        if (reason.NeedsPlannedDate())
        {
            if (command.PlannedDate is not { } planned)
                return Decision.Reject("plannedDate", "planned_date_required",
                    $"is required for {reason.Code()}: a concrete date; a plan without a decided date is not an exemption");
            if (planned > ExemptionReasons.PlannedDateDeadline)
                return Decision.Reject("plannedDate", "planned_date_after_deadline",
                    $"must be on or before {ExemptionReasons.PlannedDateDeadline:yyyy-MM-dd} (令和7年12月2日) for {reason.Code()}; " +
                    "a later date does not exempt the facility");
        }
        else if (command.PlannedDate is not null)
        {
            return Decision.Reject("plannedDate", "planned_date_not_applicable",
                $"must be omitted for {reason.Code()}; only closure_or_suspension and stops_delegated_billing take a date");
        }
        if (facility.Exemption is { } current)
            return Decision.Reject("reason", "exemption_in_force",
                $"an exemption ({current.Reason.Code()}) is already in force; withdraw it before declaring another");
        return Decision.Accept(new ExemptionDeclared(reason, command.PlannedDate));
    }

    public static Decision Decide(FacilityState facility, WithdrawExemption command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (facility.Exemption is not { } current)
            return Decision.Reject("facilityId", "no_exemption", "the facility has no exemption in force");
        return Decision.Accept(new ExemptionWithdrawn(current.Reason));
    }
}
