namespace MynaEvents.Edge.ServerApi;

// The edge's copies of the server's reception-check contracts. Member names match the server's
// exactly: it refuses unknown members. Records holding a certificate, a signature or personal
// fields leave them out of ToString, so an accidental log line cannot carry them.

/// <summary>The card was read: starts the check. The certificate is the card's user-authentication certificate (EF 000A), DER in base64.</summary>
public sealed record CardReadRequest(
    Guid CommandId,
    string TreatedAtFacilityId,
    DateTimeOffset OccurredAt,
    string CertificateDer,
    bool ReaderSupportsExtendedApdu,
    string? ReaderName)
{
    /// <summary>A card read with a fresh command id.</summary>
    public static CardReadRequest Create(string treatedAtFacilityId, DateTimeOffset occurredAt, ReadOnlySpan<byte> certificateDer,
        bool readerSupportsExtendedApdu, string? readerName) =>
        new(Guid.CreateVersion7(), treatedAtFacilityId, occurredAt, Convert.ToBase64String(certificateDer), readerSupportsExtendedApdu, readerName);

    public override string ToString() => $"CardReadRequest {{ CommandId = {CommandId}, TreatedAtFacilityId = {TreatedAtFacilityId}, certificate left out }}";
}

/// <summary>How the patient's identity was checked: <see cref="Visual"/> (目視) or <see cref="Pin"/> (暗証番号).</summary>
public static class IdentityModes
{
    /// <summary>目視: staff compared the card's photo with the patient.</summary>
    public const string Visual = "visual";

    /// <summary>暗証番号: the patient entered the PIN and the card signed the server's challenge.</summary>
    public const string Pin = "pin";
}

/// <summary>The identity step of a check. PIN mode carries the card's signature over a server challenge and the signing certificate.</summary>
public sealed record IdentityRequest(
    Guid CommandId,
    string Mode,
    string StaffId,
    DateTimeOffset OccurredAt,
    string? ChallengeId,
    string? Signature,
    string? CertificateDer)
{
    /// <summary>目視 with a fresh command id.</summary>
    public static IdentityRequest Visual(string staffId, DateTimeOffset occurredAt) =>
        new(Guid.CreateVersion7(), IdentityModes.Visual, staffId, occurredAt, null, null, null);

    /// <summary>暗証番号 with a fresh command id: the card's signature over the challenge's nonce.</summary>
    public static IdentityRequest Pin(string staffId, DateTimeOffset occurredAt, Guid challengeId, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> certificateDer) =>
        new(Guid.CreateVersion7(), IdentityModes.Pin, staffId, occurredAt, challengeId.ToString("D"),
            Convert.ToBase64String(signature), Convert.ToBase64String(certificateDer));

    public override string ToString() => $"IdentityRequest {{ CommandId = {CommandId}, Mode = {Mode}, ChallengeId = {ChallengeId}, signature and certificate left out }}";
}

/// <summary>Asks the server to look the card up in the national eligibility system.</summary>
public sealed record LookupRequest(Guid CommandId)
{
    /// <summary>A lookup with a fresh command id.</summary>
    public static LookupRequest Create() => new(Guid.CreateVersion7());
}

/// <summary>The values of <see cref="VerificationResponse.Status"/>.</summary>
public static class VerificationStatuses
{
    public const string NotStarted = "not_started";
    public const string CardRead = "card_read";
    public const string CertificateBeyondGrace = "certificate_beyond_grace";
    public const string IdentityVerified = "identity_verified";
    /// <summary>資格確認済: the national system confirmed the eligibility.</summary>
    public const string Confirmed = "confirmed";
    /// <summary>資格情報なし.</summary>
    public const string NotFound = "not_found";
    /// <summary>資格（無効）.</summary>
    public const string Invalid = "invalid";
    /// <summary>照会失敗: the national system did not answer; the lookup may be retried until 翌月末.</summary>
    public const string LookupFailed = "lookup_failed";
    public const string ConfirmedByFallback = "confirmed_by_fallback";
}

/// <summary>A check as the server shows it to reception. Personal fields are there while the check is retained (until 翌月末).</summary>
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

/// <summary>The eligibility result: insurer and burden ratio ("030" = 3割), validity 1–6 as the national system codes it.</summary>
public sealed record EligibilityView(
    string InsurerNumber,
    string? InsurerName,
    int PersonalFamily,
    string BurdenRatio,
    DateOnly? QualificationDate,
    DateOnly? DisqualificationDate,
    int Validity,
    string? ElderlyBurdenRatio);

/// <summary>The patient's personal fields; all null and <paramref name="Shredded"/> once the check's 翌月末 has passed.</summary>
public sealed record PersonalView(
    string? Name,
    string? NameKana,
    DateOnly? BirthDate,
    string? InsuredCardSymbol,
    string? InsuredIdentificationNumber,
    string? InsuredBranchNumber,
    bool Shredded)
{
    public override string ToString() => $"PersonalView {{ Shredded = {Shredded}, personal fields left out }}";
}
