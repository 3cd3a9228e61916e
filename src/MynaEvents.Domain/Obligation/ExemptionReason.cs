using System.Text.Json.Serialization;
using MynaEvents.Domain.Serialization;

namespace MynaEvents.Domain.Obligation;

/// <summary>
/// やむを得ない事由: the reasons that take a facility out of the online-confirmation obligation
/// (health ministry notice of 2024-11-06).
/// </summary>
[JsonConverter(typeof(NamedEnumConverter<ExemptionReason>))]
public enum ExemptionReason
{
    /// <summary>Every full-time (常勤) practitioner was 70 or older as of April 2024. Both kinds.</summary>
    [JsonStringEnumMemberName("all_practitioners_70_or_older")]
    AllPractitioners70OrOlder,

    /// <summary>Every full-time practitioner is visually impaired (視覚障害). Ahaki facilities only.</summary>
    [JsonStringEnumMemberName("visual_impairment")]
    VisualImpairment,

    /// <summary>廃止・休止: the facility has decided a concrete date, on or before 2025-12-02, to close or suspend.</summary>
    [JsonStringEnumMemberName("closure_or_suspension")]
    ClosureOrSuspension,

    /// <summary>受領委任の取扱い中止: a concrete date, on or before 2025-12-02, to stop delegated-receipt billing.</summary>
    [JsonStringEnumMemberName("stops_delegated_billing")]
    StopsDelegatedBilling,
}

public static class ExemptionReasons
{
    /// <summary>令和7年12月2日: the latest planned date that still exempts a closure or an end of delegated billing.</summary>
    public static DateOnly PlannedDateDeadline { get; } = new(2025, 12, 2);

    /// <summary>The reasons that only count with a concrete planned date.</summary>
    public static bool NeedsPlannedDate(this ExemptionReason reason) =>
        reason is ExemptionReason.ClosureOrSuspension or ExemptionReason.StopsDelegatedBilling;

    public static string Code(this ExemptionReason reason) => reason switch
    {
        ExemptionReason.AllPractitioners70OrOlder => "all_practitioners_70_or_older",
        ExemptionReason.VisualImpairment => "visual_impairment",
        ExemptionReason.ClosureOrSuspension => "closure_or_suspension",
        ExemptionReason.StopsDelegatedBilling => "stops_delegated_billing",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
