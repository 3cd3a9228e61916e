using System.Text.Json;
using MynaEvents.Domain.Verification;
using Elderly = MynaEvents.Server.EligibilityGateway.ElderlyRecipient;
using Family = MynaEvents.Server.EligibilityGateway.PersonalFamilyClassification;
using Insurer = MynaEvents.Domain.Verification.InsurerNumber;
using Validity = MynaEvents.Server.EligibilityGateway.QualificationValidity;

namespace MynaEvents.Server.EligibilityGateway;

/// <summary>
/// The eligibility system's answer as it arrives: every field optional and a string, so that a
/// wrong one is reported by name instead of failing deserialisation somewhere inside.
/// </summary>
internal sealed record UpstreamAnswer(
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
    UpstreamElderlyRecipient? ElderlyRecipient,
    string? QualificationValidity)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly HashSet<string> Ratios = ["010", "020", "030"];

    /// <summary>The answer, or the first rule the body breaks (naming fields only, never their values).</summary>
    public static (EligibilityAnswer? Answer, string? Malformed) Interpret(ReadOnlySpan<byte> body)
    {
        UpstreamAnswer? wire;
        try
        {
            wire = JsonSerializer.Deserialize<UpstreamAnswer>(body, Json);
        }
        catch (JsonException)
        {
            return (null, "the body is not the expected JSON");
        }
        if (wire is null) return (null, "the body is empty JSON");
        return wire.Interpret();
    }

    private (EligibilityAnswer?, string?) Interpret()
    {
        if (QualificationValidity is not { Length: 1 } code || code[0] is < '1' or > '6')
            return (null, "qualificationValidity must be a code from 1 to 6");
        var validity = (Validity)(code[0] - '0');
        switch (validity)
        {
            case Validity.NoQualification:
                return (new EligibilityAnswer.NotFound(), null);
            case Validity.Invalid or Validity.InvalidNewerQualificationExists or Validity.MultipleMatches:
                return (new EligibilityAnswer.Invalid(validity), null);
        }
        if (Problem() is { } problem) return (null, problem);
        var result = new EligibilityResult(
            InsurerNumber!, InsurerName, InsuredCardSymbol, InsuredIdentificationNumber!, InsuredBranchNumber!,
            (Family)(PersonalFamilyClassification![0] - '0'),
            Name!, NameKana!, BirthDate!.Value, QualificationDate!.Value, DisqualificationDate,
            InsuredPartialContributionRatio!,
            ElderlyRecipient is { } e ? new Elderly(e.ContributionRatio!, e.ValidFrom!.Value, e.ValidUntil) : null,
            validity);
        return (new EligibilityAnswer.Found(result), null);
    }

    /// <summary>
    /// A valid answer must satisfy what the verification flow will demand of it, so that a Found
    /// never turns into a rejection (or an exception) further in.
    /// </summary>
    private string? Problem()
    {
        if (Insurer.Problem(InsurerNumber) is { } insurer) return $"insurerNumber {insurer}";
        if (InsuredIdentificationNumber is not { Length: >= 1 and <= 20 }) return "insuredIdentificationNumber must be 1 to 20 characters";
        if (InsuredCardSymbol is { Length: > 20 }) return "insuredCardSymbol must be at most 20 characters";
        if (InsuredBranchNumber is not { Length: 2 } || !InsuredBranchNumber.All(char.IsAsciiDigit)) return "insuredBranchNumber must be 2 digits";
        if (PersonalFamilyClassification is not ("1" or "2")) return "personalFamilyClassification must be 1 or 2";
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100) return "name must be 1 to 100 characters";
        if (string.IsNullOrWhiteSpace(NameKana) || NameKana.Length > 100 || !NameKana.All(IsKatakana)) return "nameKana must be katakana, 1 to 100 characters";
        if (BirthDate is not { Year: >= 1900 }) return "birthDate is required (1900 or later)";
        if (QualificationDate is null) return "qualificationDate is required";
        if (DisqualificationDate < QualificationDate) return "disqualificationDate must not be before qualificationDate";
        if (InsuredPartialContributionRatio is null || !Ratios.Contains(InsuredPartialContributionRatio)) return "insuredPartialContributionRatio must be 010, 020 or 030";
        if (ElderlyRecipient is { } elderly)
        {
            if (elderly.ContributionRatio is null || !Ratios.Contains(elderly.ContributionRatio)) return "elderlyRecipient.contributionRatio must be 010, 020 or 030";
            if (elderly.ValidFrom is null) return "elderlyRecipient.validFrom is required";
        }
        if (IndividualNumberGuard.LooksLikeOne(InsuredIdentificationNumber) || IndividualNumberGuard.LooksLikeOne(InsuredCardSymbol))
            return "an insured number looks like an individual number (個人番号), which must never be stored";
        return null;
    }

    private static bool IsKatakana(char c) =>
        c is >= '\u30A0' and <= '\u30FF' or >= '\uFF65' and <= '\uFF9F' or ' ' or '\u3000';

    public override string ToString() => $"UpstreamAnswer {{ QualificationValidity = {QualificationValidity} }}";
}

internal sealed record UpstreamElderlyRecipient(string? ContributionRatio, DateOnly? ValidFrom, DateOnly? ValidUntil);
