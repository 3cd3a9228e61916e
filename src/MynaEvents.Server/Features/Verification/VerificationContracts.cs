using System.Text.Json.Serialization;

namespace MynaEvents.Server.Features.Verification;

// Requests refuse unknown members: a field the server does not know is a client bug or an
// attempt to smuggle data (an individual number in a made-up field), never silently dropped.

/// <summary>The card was read. The certificate is sent as DER; the server derives its fingerprint, serial, issuer and expiry itself.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CardReadRequest(
    Guid? CommandId,
    string? TreatedAtFacilityId,
    DateTimeOffset? OccurredAt,
    string? CertificateDer,
    bool? ReaderSupportsExtendedApdu,
    string? ReaderName = null);

/// <summary>目視 (visual) or 暗証番号 (PIN: the card's signature over a server challenge).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record IdentityRequest(
    Guid? CommandId,
    string? Mode,
    string? StaffId,
    DateTimeOffset? OccurredAt,
    string? ChallengeId = null,
    string? Signature = null,
    string? CertificateDer = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record LookupRequest(Guid? CommandId);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EligibilityFields(
    string? InsurerNumber,
    int? PersonalFamily,
    string? BurdenRatio,
    string? InsurerName = null,
    DateOnly? QualificationDate = null,
    DateOnly? DisqualificationDate = null,
    int? Validity = null,
    string? ElderlyBurdenRatio = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PersonalFields(
    string? Name,
    string? NameKana,
    DateOnly? BirthDate,
    string? InsuredCardSymbol = null,
    string? InsuredIdentificationNumber = null,
    string? InsuredBranchNumber = null);

/// <summary>Staff confirmed eligibility from a document or a past record.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FallbackRequest(
    Guid? CommandId,
    string? Kind,
    string? StaffId,
    string? TreatedAtFacilityId,
    DateOnly? TreatmentDate,
    DateTimeOffset? OccurredAt,
    EligibilityFields? Eligibility,
    PersonalFields? Personal,
    DateOnly? DocumentDate = null);

/// <summary>A check as reception sees it. Personal fields appear while the check is retained (until 翌月末).</summary>
public sealed record VerificationResponse(
    string VerificationId,
    long Version,
    string Status,
    string? TreatedAtFacilityId,
    DateOnly? TreatmentDate,
    string? IdentityMode,
    bool CertificateUsable,
    DateTimeOffset? RetainedUntil,
    EligibilityView? Eligibility,
    PersonalView? Personal,
    string? FallbackKind,
    string? LookupFailure,
    string NextStep);

public sealed record EligibilityView(
    string InsurerNumber,
    string? InsurerName,
    int PersonalFamily,
    string BurdenRatio,
    DateOnly? QualificationDate,
    DateOnly? DisqualificationDate,
    int Validity,
    string? ElderlyBurdenRatio);

public sealed record PersonalView(
    string? Name,
    string? NameKana,
    DateOnly? BirthDate,
    string? InsuredCardSymbol,
    string? InsuredIdentificationNumber,
    string? InsuredBranchNumber,
    bool Shredded);
