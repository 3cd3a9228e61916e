namespace MynaEvents.Domain.Verification;

/// <summary>The card's user-authentication certificate (利用者証明用電子証明書), as read by the edge.</summary>
/// <param name="FingerprintSha256">SHA-256 of the DER certificate, lowercase hex.</param>
/// <param name="Serial">Serial number, hex.</param>
public sealed record CardCertificate(string FingerprintSha256, string Serial, string Issuer, DateTimeOffset NotAfter);

/// <summary>What the reader could do: the ministry requires extended Lc/Le (拡張APDU).</summary>
public sealed record ReaderCapabilities(bool SupportsExtendedApdu, string? ReaderName);

/// <summary>How the patient's identity was checked: 目視 (staff looked at the photo) or 暗証番号 (the card signed a challenge after the PIN).</summary>
public enum IdentityMode
{
    Visual,
    Pin,
}

/// <summary>The documents staff may confirm eligibility with when the card cannot be used.</summary>
public enum FallbackKind
{
    /// <summary>資格確認書: issued to people without a card-linked registration.</summary>
    QualificationCertificate,
    /// <summary>資格情報のお知らせ: valid only together with the My Number card.</summary>
    EligibilityNotice,
    /// <summary>マイナポータル screen or its downloaded PDF.</summary>
    MynaPortal,
    /// <summary>事後確認: orally, after the fact, from a past visit's record.</summary>
    OralFollowUp,
}

/// <summary>The card was read at reception (or on a home visit). Starts a check. Carries no personal data.</summary>
public sealed record CardRead(
    string VerificationId,
    string DeviceId,
    string DeviceFacilityId,
    string TreatedAtFacilityId,
    DateOnly TreatmentDate,
    DateTimeOffset OccurredAt,
    CardCertificate Certificate,
    ReaderCapabilities Reader);

/// <summary>The card's certificate expired more than three months before the end of its expiry month: online confirmation is not possible.</summary>
public sealed record CertificateBeyondGrace(DateTimeOffset NotAfter, DateTimeOffset UsableUntil, DateTimeOffset OccurredAt);

/// <summary>The patient's identity was checked.</summary>
/// <param name="StaffId">Who looked (目視) or who operated the reader (暗証番号).</param>
/// <param name="ChallengeId">For 暗証番号: the single-use server challenge the card signed.</param>
public sealed record IdentityVerified(IdentityMode Mode, string StaffId, string? ChallengeId, DateTimeOffset OccurredAt);

/// <summary>The eligibility fields that are not personal, shared by online and fallback confirmations.</summary>
/// <param name="PersonalFamily">1 本人 (the insured), 2 家族 (a dependant).</param>
/// <param name="BurdenRatio">負担割合 as the system writes it: "010", "020", "030".</param>
public sealed record Eligibility(
    string InsurerNumber,
    string? InsurerName,
    int PersonalFamily,
    string BurdenRatio,
    DateOnly? QualificationDate,
    DateOnly? DisqualificationDate,
    int Validity,
    string? ElderlyBurdenRatio);

/// <summary>Eligibility confirmed online (資格確認): valid coverage.</summary>
public sealed record EligibilityConfirmed(Eligibility Eligibility, SealedPersonalData Personal, DateTimeOffset OccurredAt);

/// <summary>資格情報なし: the system holds no eligibility for this card. An outcome, not an error.</summary>
public sealed record EligibilityNotFound(DateTimeOffset OccurredAt);

/// <summary>資格（無効）: eligibility exists but is not valid (validity 2, 3 or 5). An outcome, not an error.</summary>
public sealed record EligibilityInvalid(int Validity, DateTimeOffset OccurredAt);

/// <summary>The lookup did not get an answer (upstream down, timeout, malformed answer). The check may be confirmed later.</summary>
public sealed record EligibilityLookupFailed(string Reason, bool Retryable, DateTimeOffset OccurredAt);

/// <summary>Staff confirmed eligibility from a document or a past record instead of the online answer.</summary>
public sealed record EligibilityConfirmedByFallback(
    FallbackKind Kind,
    string StaffId,
    string TreatedAtFacilityId,
    DateOnly TreatmentDate,
    Eligibility Eligibility,
    SealedPersonalData Personal,
    DateOnly? DocumentDate,
    DateTimeOffset OccurredAt);

/// <summary>The names the event log stores, kept stable so CLR types can be renamed.</summary>
public static class VerificationEventNames
{
    public static readonly IReadOnlyDictionary<Type, string> All = new Dictionary<Type, string>
    {
        [typeof(CardRead)] = "CardRead",
        [typeof(CertificateBeyondGrace)] = "CertificateBeyondGrace",
        [typeof(IdentityVerified)] = "IdentityVerified",
        [typeof(EligibilityConfirmed)] = "EligibilityConfirmed",
        [typeof(EligibilityNotFound)] = "EligibilityNotFound",
        [typeof(EligibilityInvalid)] = "EligibilityInvalid",
        [typeof(EligibilityLookupFailed)] = "EligibilityLookupFailed",
        [typeof(EligibilityConfirmedByFallback)] = "EligibilityConfirmedByFallback",
    };
}
