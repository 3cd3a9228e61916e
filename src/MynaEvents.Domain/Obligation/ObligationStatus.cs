using System.Text.Json.Serialization;
using MynaEvents.Domain.Onboarding;
using MynaEvents.Domain.Serialization;

namespace MynaEvents.Domain.Obligation;

/// <summary>
/// 原則義務化: where a facility stands with the obligation (from 2024-12-02) to confirm
/// eligibility online.
/// </summary>
[JsonConverter(typeof(NamedEnumConverter<ObligationState>))]
public enum ObligationState
{
    /// <summary>Online confirmation operates at the facility itself (its 運用開始日 has come).</summary>
    [JsonStringEnumMemberName("met_by_own")]
    MetByOwn,

    /// <summary>The secondary (従たる施術所) of an active co-location whose primary operates online confirmation.</summary>
    [JsonStringEnumMemberName("met_by_colocation")]
    MetByColocation,

    /// <summary>A やむを得ない事由 is declared.</summary>
    [JsonStringEnumMemberName("exempt")]
    Exempt,

    /// <summary>None of the above: the facility must introduce online confirmation.</summary>
    [JsonStringEnumMemberName("required_not_met")]
    RequiredNotMet,
}

/// <summary>The obligation state with what it rests on.</summary>
public sealed record ObligationStatus(
    ObligationState State,
    DateOnly? OperationStartDate = null,
    string? PrimaryFacilityId = null,
    ExemptionReason? ExemptionReason = null,
    DateOnly? PlannedDate = null);

/// <summary>The primary facility of an active co-location in which the facility is the secondary.</summary>
public sealed record PrimaryOfColocation(string PrimaryFacilityId, FacilityState Primary);

public static class ObligationRules
{
    /// <summary>
    /// Derives the state on <paramref name="today"/> (JST). Meeting the obligation outranks an
    /// exemption: a facility that operates online confirmation has met it, whatever else it
    /// declared. A secondary counts as met only while its primary itself operates online
    /// confirmation; a primary that is merely exempt covers nobody.
    /// </summary>
    public static ObligationStatus Derive(FacilityState facility, PrimaryOfColocation? colocation, DateOnly today)
    {
        if (facility.OperatesOn(today))
            return new(ObligationState.MetByOwn, OperationStartDate: facility.OperationStartDate);
        if (colocation is not null && colocation.Primary.OperatesOn(today))
            return new(ObligationState.MetByColocation, OperationStartDate: colocation.Primary.OperationStartDate,
                PrimaryFacilityId: colocation.PrimaryFacilityId);
        if (facility.Exemption is { } exemption)
            return new(ObligationState.Exempt, ExemptionReason: exemption.Reason, PlannedDate: exemption.PlannedDate);
        return new(ObligationState.RequiredNotMet);
    }
}
