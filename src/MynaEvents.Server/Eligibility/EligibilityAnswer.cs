using MynaEvents.Domain.Verification;
using DomainEligibility = MynaEvents.Domain.Verification.Eligibility;

namespace MynaEvents.Server.EligibilityGateway;

/// <summary>
/// What a lookup came to. A closed set: the private constructor keeps other cases out, so a
/// switch over these four is complete.
/// </summary>
public abstract record EligibilityAnswer
{
    private EligibilityAnswer() { }

    /// <summary>Valid coverage: validity 1 (有効) or 6 (有効(未登録)).</summary>
    public sealed record Found(EligibilityResult Result) : EligibilityAnswer;

    /// <summary>資格情報なし: the system holds no eligibility for this certificate (validity 4).</summary>
    public sealed record NotFound : EligibilityAnswer;

    /// <summary>資格（無効）: eligibility exists but does not hold — 2 無効, 3 無効(新しい資格あり) or 5 複数該当.</summary>
    public sealed record Invalid(QualificationValidity Validity) : EligibilityAnswer;

    /// <summary>No usable answer. <paramref name="Reason"/> never holds personal data.</summary>
    /// <param name="Retryable">True when asking again later may succeed (timeouts, 5xx, circuit open, garbled answers).</param>
    public sealed record Failed(string Reason, bool Retryable) : EligibilityAnswer;
}

/// <summary>QualificationValidity (資格有効性) as the system codes it.</summary>
public enum QualificationValidity
{
    Valid = 1,
    Invalid = 2,
    InvalidNewerQualificationExists = 3,
    NoQualification = 4,
    MultipleMatches = 5,
    ValidUnregistered = 6,
}

/// <summary>1 本人 (the insured person), 2 家族 (a dependant).</summary>
public enum PersonalFamilyClassification
{
    Insured = 1,
    Dependant = 2,
}

/// <summary>
/// A conforming eligibility result, checked field by field on arrival. Name, kana, birth date
/// and the card symbol/number/branch are personal data: <see cref="ToString"/> leaves them out.
/// </summary>
/// <param name="InsurerNumber">保険者番号: 8 digits with a check digit, or 6 (国民健康保険).</param>
/// <param name="InsuredPartialContributionRatio">負担割合: "010", "020" or "030".</param>
/// <param name="ElderlyRecipient">高齢受給者 (ages 70–74), when upstream sent the block.</param>
public sealed record EligibilityResult(
    string InsurerNumber,
    string? InsurerName,
    string? InsuredCardSymbol,
    string InsuredIdentificationNumber,
    string InsuredBranchNumber,
    PersonalFamilyClassification PersonalFamily,
    string Name,
    string NameKana,
    DateOnly BirthDate,
    DateOnly QualificationDate,
    DateOnly? DisqualificationDate,
    string InsuredPartialContributionRatio,
    ElderlyRecipient? ElderlyRecipient,
    QualificationValidity Validity)
{
    /// <summary>The non-personal part, as the verification events store it.</summary>
    public DomainEligibility ToEligibility() => new(
        InsurerNumber, InsurerName, (int)PersonalFamily, InsuredPartialContributionRatio,
        QualificationDate, DisqualificationDate, (int)Validity, ElderlyRecipient?.ContributionRatio);

    /// <summary>The personal part, to be sealed before it enters an event.</summary>
    public PersonalData ToPersonalData() => new(
        Name, NameKana, BirthDate, InsuredCardSymbol, InsuredIdentificationNumber, InsuredBranchNumber);

    public override string ToString() =>
        $"EligibilityResult {{ InsurerNumber = {InsurerNumber}, Validity = {Validity}, Ratio = {InsuredPartialContributionRatio}, personal fields redacted }}";
}

/// <summary>高齢受給者: burden ratio and validity of the elderly recipient certificate.</summary>
public sealed record ElderlyRecipient(string ContributionRatio, DateOnly ValidFrom, DateOnly? ValidUntil);
