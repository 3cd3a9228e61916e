using System.Globalization;
using static MynaEvents.EligibilitySimulator.Persons.SyntheticInsurers;

namespace MynaEvents.EligibilitySimulator.Persons;

/// <summary>
/// The deterministic synthetic data set: the same seed gives the same persons, keyed by the
/// same certificate serials, on every machine. Ages and validity are as of
/// <see cref="ReferenceDate"/>, not today, so that the data set never drifts with the clock.
/// </summary>
internal static class PersonGenerator
{
    public static readonly DateOnly ReferenceDate = new(2025, 4, 1);

    public static IReadOnlyDictionary<string, SimulatedPerson> Generate(int seed, int count)
    {
        // System.Random with a seed keeps its legacy algorithm across .NET versions.
        var random = new Random(seed);
        var persons = new Dictionary<string, SimulatedPerson>(count, StringComparer.Ordinal);
        while (persons.Count < count)
        {
            var serial = Convert.ToHexString(RandomBytes(random, 8));
            if (!persons.ContainsKey(serial)) persons.Add(serial, Person(random));
        }
        return persons;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static SimulatedPerson Person(Random random)
    {
        var age = random.Next(0, 91);
        var birthDate = ReferenceDate.AddYears(-age).AddDays(-random.Next(1, 365));
        var insurer = PickInsurer(random, age);
        var dependant = insurer.Kind == Kind.Employee && (age < 20 || random.Next(100) < 30);
        var family = SyntheticNames.Family[random.Next(SyntheticNames.Family.Length)];
        var given = SyntheticNames.Given[random.Next(SyntheticNames.Given.Length)];

        var elderly = age is >= 70 and <= 74 ? Elderly(random, birthDate) : null;
        var ratio = elderly?.ContributionRatio ?? age switch
        {
            < 6 => "020",                                           // 未就学: 2割
            >= 75 => random.Next(100) < 80 ? "010" : "030",         // 後期高齢者: 1割, 3割 with working income
            _ => "030",
        };

        var qualificationDate = insurer.Kind == Kind.LateElderly
            ? birthDate.AddYears(75)
            : Later(birthDate, ReferenceDate.AddDays(-random.Next(30, 20 * 365)));
        var validity = PickValidity(random);
        DateOnly? disqualificationDate = validity is QualificationValidities.Invalid or QualificationValidities.InvalidNewerQualificationExists
            ? Later(qualificationDate.AddDays(1), ReferenceDate.AddDays(-random.Next(1, 180)))
            : null;

        return new SimulatedPerson(
            InsurerNumber: insurer.Number,
            InsurerName: insurer.Name,
            InsuredCardSymbol: insurer.Kind switch
            {
                Kind.LateElderly => null,
                Kind.NationalHealth => random.Next(1, 100).ToString("00", CultureInfo.InvariantCulture),
                _ => random.Next(1, 100_000).ToString(CultureInfo.InvariantCulture),
            },
            InsuredIdentificationNumber: random.Next(1, 100_000_000).ToString(CultureInfo.InvariantCulture),
            InsuredBranchNumber: dependant ? random.Next(1, 6).ToString("00", CultureInfo.InvariantCulture) : "00",
            PersonalFamilyClassification: dependant ? "2" : "1",
            Name: family.Kanji + SyntheticNames.Separator + given.Kanji,
            NameKana: family.Kana + SyntheticNames.Separator + given.Kana,
            BirthDate: birthDate,
            QualificationDate: qualificationDate,
            DisqualificationDate: disqualificationDate,
            InsuredPartialContributionRatio: ratio,
            ElderlyRecipient: elderly,
            QualificationValidity: validity);
    }

    private static Insurer PickInsurer(Random random, int age)
    {
        var kind = age >= 75 ? Kind.LateElderly : random.Next(100) < 65 ? Kind.Employee : Kind.NationalHealth;
        var candidates = SyntheticInsurers.All.Where(i => i.Kind == kind).ToArray();
        return candidates[random.Next(candidates.Length)];
    }

    /// <summary>高齢受給者証: from the 1st of the month after the 70th birthday (the birthday itself if it is a 1st) to the day before the 75th.</summary>
    private static ElderlyRecipient Elderly(Random random, DateOnly birthDate)
    {
        var seventieth = birthDate.AddYears(70);
        var from = seventieth.Day == 1 ? seventieth : new DateOnly(seventieth.Year, seventieth.Month, 1).AddMonths(1);
        return new ElderlyRecipient(random.Next(100) < 80 ? "020" : "030", from, birthDate.AddYears(75).AddDays(-1));
    }

    private static string PickValidity(Random random) => random.Next(100) switch
    {
        < 85 => QualificationValidities.Valid,
        < 91 => QualificationValidities.Invalid,
        < 95 => QualificationValidities.InvalidNewerQualificationExists,
        < 97 => QualificationValidities.MultipleMatches,
        _ => QualificationValidities.ValidUnregistered,
    };

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
}
