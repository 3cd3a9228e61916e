namespace MynaEvents.Domain.Verification;

/// <summary>What a confirmed eligibility must look like, whether it came online or from a document.</summary>
public static class EligibilityRules
{
    private static readonly HashSet<string> BurdenRatios = ["010", "020", "030"];

    /// <summary>The first rule the fields break, or null.</summary>
    public static VerificationRejection? Check(Eligibility eligibility, PersonalData personal, DateOnly treatmentDate, string prefix = "")
    {
        if (InsurerNumber.Problem(eligibility.InsurerNumber) is { } insurer)
            return new($"{prefix}insurerNumber", insurer);
        if (eligibility.PersonalFamily is not (1 or 2))
            return new($"{prefix}personalFamily", "must be 1 (本人) or 2 (家族)");
        if (!BurdenRatios.Contains(eligibility.BurdenRatio))
            return new($"{prefix}burdenRatio", "must be \"010\", \"020\" or \"030\" (1割, 2割, 3割)");
        if (eligibility.ElderlyBurdenRatio is { } elderly && !BurdenRatios.Contains(elderly))
            return new($"{prefix}elderlyBurdenRatio", "must be \"010\", \"020\" or \"030\" when given");
        if (eligibility.Validity is < 1 or > 6)
            return new($"{prefix}validity", "must be a qualification validity code from 1 to 6");
        if (eligibility.QualificationDate > treatmentDate)
            return new($"{prefix}qualificationDate", "must not be after the treatment date");
        if (eligibility.DisqualificationDate is { } lost && lost < treatmentDate)
            return new($"{prefix}disqualificationDate", "is before the treatment date: the coverage had ended");
        if (eligibility.QualificationDate is { } from && eligibility.DisqualificationDate is { } to && to < from)
            return new($"{prefix}disqualificationDate", "must not be before the qualification date");
        return CheckPersonal(personal, treatmentDate, prefix);
    }

    private static VerificationRejection? CheckPersonal(PersonalData personal, DateOnly treatmentDate, string prefix)
    {
        if (string.IsNullOrWhiteSpace(personal.Name) || personal.Name.Length > 100)
            return new($"{prefix}name", "is required (at most 100 characters)");
        if (string.IsNullOrWhiteSpace(personal.NameKana) || personal.NameKana.Length > 100 || !personal.NameKana.All(IsKana))
            return new($"{prefix}nameKana", "is required, in katakana (full or half width), at most 100 characters");
        if (personal.BirthDate > treatmentDate || personal.BirthDate.Year < 1900)
            return new($"{prefix}birthDate", "must be a date between 1900 and the treatment date");
        if (personal.InsuredBranchNumber is { } branch && (branch.Length != 2 || !branch.All(char.IsAsciiDigit)))
            return new($"{prefix}insuredBranchNumber", "must be 2 digits (枝番) when given");
        if (personal.InsuredIdentificationNumber is { Length: 0 or > 20 })
            return new($"{prefix}insuredIdentificationNumber", "must be 1 to 20 characters when given");
        if (personal.InsuredCardSymbol is { Length: > 20 })
            return new($"{prefix}insuredCardSymbol", "must be at most 20 characters");
        foreach (var (field, value) in new[] { ("name", personal.Name), ("insuredIdentificationNumber", personal.InsuredIdentificationNumber), ("insuredCardSymbol", personal.InsuredCardSymbol) })
            if (IndividualNumberGuard.LooksLikeOne(value))
                return new($"{prefix}{field}", "looks like an individual number (個人番号), which must never be stored");
        return null;
    }

    private static bool IsKana(char c) =>
        c is >= '\u30A0' and <= '\u30FF' // katakana
            or >= '\uFF65' and <= '\uFF9F' // half-width katakana
            or ' ' or '\u3000';
}
