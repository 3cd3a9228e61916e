namespace MynaEvents.Server.Features.ReceiptExport;

/// <summary>
/// One confirmed result as receipt software (レセコン) takes it in: who is insured where, for a
/// treatment date, and how eligibility was confirmed.
/// </summary>
/// <param name="PersonalFamily">本人/家族 as the national system codes it: 1 本人, 2 家族.</param>
/// <param name="BurdenRatio">一部負担金割合 as recorded, e.g. "030" for 3割.</param>
/// <param name="ConfirmationMethod">online_visual, online_pin, or fallback_ + the fallback kind (e.g. fallback_myna_portal).</param>
/// <param name="RecordedAtFacilityId">The facility the check was recorded at (differs from the exporting one when shared by co-location).</param>
/// <param name="Shared">True when the exporting facility sees the result through co-location (併設).</param>
public sealed record ReceiptExportRow(
    string InsurerNumber,
    string? InsurerName,
    string? InsuredCardSymbol,
    string? InsuredIdentificationNumber,
    string? InsuredBranchNumber,
    string? Name,
    string? NameKana,
    DateOnly? BirthDate,
    int? PersonalFamily,
    string? BurdenRatio,
    DateOnly TreatmentDate,
    string ConfirmationMethod,
    string CheckId,
    string RecordedAtFacilityId,
    bool Shared);
