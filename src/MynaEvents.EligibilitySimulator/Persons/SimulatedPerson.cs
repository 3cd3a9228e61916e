namespace MynaEvents.EligibilitySimulator.Persons;

/// <summary>
/// One insured person as the simulator answers for them: the fields of the real system's
/// eligibility result. Codes stay strings, as upstream sends them, so that tests can store a
/// deliberately non-conforming answer (a wrong check digit, a 3-digit branch number) and see
/// how a client copes.
/// </summary>
/// <param name="InsurerNumber">保険者番号: 8 digits (employee insurance, 後期高齢者) or 6 (国民健康保険), with a check digit.</param>
/// <param name="InsuredCardSymbol">記号; none for some insurers (後期高齢者).</param>
/// <param name="InsuredIdentificationNumber">番号.</param>
/// <param name="InsuredBranchNumber">枝番: 2 digits.</param>
/// <param name="PersonalFamilyClassification">"1" 本人 (the insured) or "2" 家族 (a dependant).</param>
/// <param name="NameKana">Full-width katakana.</param>
/// <param name="QualificationDate">資格取得年月日.</param>
/// <param name="DisqualificationDate">資格喪失年月日, when the qualification ended.</param>
/// <param name="InsuredPartialContributionRatio">負担割合: "030" = 3割.</param>
/// <param name="ElderlyRecipient">高齢受給者: only for ages 70–74.</param>
/// <param name="QualificationValidity">1 有効, 2 無効, 3 無効(新しい資格あり), 4 該当資格なし, 5 複数該当, 6 有効(未登録).</param>
public sealed record SimulatedPerson(
    string? InsurerNumber,
    string? InsurerName,
    string? InsuredCardSymbol,
    string? InsuredIdentificationNumber,
    string? InsuredBranchNumber,
    string? PersonalFamilyClassification,
    string? Name,
    string? NameKana,
    DateOnly? BirthDate,
    DateOnly? QualificationDate,
    DateOnly? DisqualificationDate,
    string? InsuredPartialContributionRatio,
    ElderlyRecipient? ElderlyRecipient,
    string QualificationValidity)
{
    /// <summary>The answer for a certificate the system knows nothing about: "資格情報なし".</summary>
    public static SimulatedPerson NoQualification { get; } =
        new(null, null, null, null, null, null, null, null, null, null, null, null, null, QualificationValidities.NoQualification);

    // Synthetic or not, these fields look like personal data; keep them out of any log line.
    public override string ToString() => $"SimulatedPerson {{ QualificationValidity = {QualificationValidity} }}";
}

/// <summary>高齢受給者 block: the burden ratio and validity of the elderly recipient certificate (ages 70–74).</summary>
public sealed record ElderlyRecipient(string ContributionRatio, DateOnly ValidFrom, DateOnly? ValidUntil);

/// <summary>QualificationValidity codes as upstream sends them.</summary>
public static class QualificationValidities
{
    public const string Valid = "1";
    public const string Invalid = "2";
    public const string InvalidNewerQualificationExists = "3";
    public const string NoQualification = "4";
    public const string MultipleMatches = "5";
    public const string ValidUnregistered = "6";
}
