namespace MynaEvents.Server.Features.FacilityCheckViews;

/// <summary>One check as a facility sees it.</summary>
/// <param name="RecordedAtFacilityId">The facility the check was recorded (treated) at.</param>
/// <param name="Shared">True when this facility sees it through a co-location declaration (併設) with <paramref name="RecordedAtFacilityId"/>.</param>
/// <param name="RetainedUntil">翌月末: after this instant the check is gone from every view.</param>
public sealed record FacilityCheckView(
    string VerificationId,
    string FacilityId,
    string RecordedAtFacilityId,
    bool Shared,
    string Status,
    string? IdentityMethod,
    string? FallbackKind,
    string? DeviceId,
    string? DeviceFacilityId,
    string? StaffId,
    DateOnly TreatmentDate,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    DateTimeOffset LastOccurredAt,
    DateTimeOffset RetainedUntil,
    string? LookupFailure,
    int? InvalidValidity,
    FacilityCheckEligibility? Eligibility,
    FacilityCheckPersonal? Personal);

public sealed record FacilityCheckEligibility(
    string InsurerNumber,
    string? InsurerName,
    int? PersonalFamily,
    string? BurdenRatio,
    DateOnly? QualificationDate,
    DateOnly? DisqualificationDate,
    int? Validity,
    string? ElderlyBurdenRatio);

/// <summary>The personal fields while retained; all null with <paramref name="Shredded"/> once unreadable.</summary>
public sealed record FacilityCheckPersonal(
    string? Name,
    string? NameKana,
    DateOnly? BirthDate,
    string? InsuredCardSymbol,
    string? InsuredIdentificationNumber,
    string? InsuredBranchNumber,
    bool Shredded);

public sealed record FacilityChecksPage(string FacilityId, int Count, IReadOnlyList<FacilityCheckView> Checks);

/// <summary>A validated search of one facility's view.</summary>
internal sealed record FacilityCheckSearch(DateOnly? From, DateOnly? To, string? KanaPrefix, string? Outcome, int Limit);
