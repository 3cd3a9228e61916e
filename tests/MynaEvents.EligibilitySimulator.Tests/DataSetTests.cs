using MynaEvents.EligibilitySimulator.Persons;

namespace MynaEvents.EligibilitySimulator.Tests;

public sealed class DataSetTests
{
    private static readonly IReadOnlyDictionary<string, SimulatedPerson> Persons = PersonGenerator.Generate(seed: 20241202, count: 1000);

    [Theory]
    [InlineData("3312001", "33120015")]
    [InlineData("0113001", "01130012")]
    [InlineData("13101", "131011")] // 国民健康保険: the same rule over five digits
    public void the_check_digit_reproduces_the_published_examples(string body, string number)
    {
        Assert.Equal(number, InsurerNumbers.WithCheckDigit(body));
        Assert.True(InsurerNumbers.IsValid(number));
    }

    [Theory]
    [InlineData("33120016")]
    [InlineData("131012")]
    [InlineData("3312001")]
    [InlineData("3312001a")]
    [InlineData("")]
    [InlineData(null)]
    public void a_number_with_a_wrong_check_digit_or_shape_is_not_valid(string? number) =>
        Assert.False(InsurerNumbers.IsValid(number));

    [Theory]
    [InlineData(1)]
    [InlineData(20241202)]
    [InlineData(987654)]
    public void every_generated_insurer_number_passes_the_check_digit(int seed)
    {
        var persons = PersonGenerator.Generate(seed, 500);
        Assert.Equal(500, persons.Count);
        Assert.All(persons.Values, p =>
        {
            Assert.Matches("^([0-9]{8}|[0-9]{6})$", p.InsurerNumber);
            Assert.True(InsurerNumbers.IsValid(p.InsurerNumber), $"{p.InsurerNumber} fails the check digit");
        });
    }

    [Fact]
    public void the_same_seed_gives_the_same_persons_under_the_same_serials_and_another_seed_does_not()
    {
        var again = PersonGenerator.Generate(seed: 20241202, count: 1000);
        var other = PersonGenerator.Generate(seed: 7, count: 1000);

        Assert.Equal(Persons.OrderBy(p => p.Key), again.OrderBy(p => p.Key));
        Assert.Empty(Persons.Keys.Intersect(other.Keys));
    }

    [Fact]
    public void serials_are_hex_and_fields_have_the_shapes_the_real_system_uses()
    {
        Assert.All(Persons, pair =>
        {
            var (serial, p) = (pair.Key, pair.Value);
            Assert.Matches("^[0-9A-F]{16}$", serial);
            Assert.Matches("^[0-9]{2}$", p.InsuredBranchNumber);
            Assert.True(p.PersonalFamilyClassification is "1" or "2");
            Assert.True(p.InsuredPartialContributionRatio is "010" or "020" or "030");
            Assert.True(p.QualificationValidity is "1" or "2" or "3" or "5" or "6", $"validity {p.QualificationValidity}");
            Assert.All(p.NameKana!, c => Assert.True(c is >= '\u30A0' and <= '\u30FF' or '\u3000', $"'{c}' is not full-width katakana"));
            Assert.Contains('\u3000', p.Name!);
            Assert.True(p.QualificationDate >= p.BirthDate);
            Assert.False(string.IsNullOrEmpty(p.InsurerName));
            Assert.False(string.IsNullOrEmpty(p.InsuredIdentificationNumber));
        });
    }

    [Fact]
    public void the_data_set_mixes_employee_and_national_health_insurers_and_validities()
    {
        Assert.Contains(Persons.Values, p => p.InsurerNumber!.Length == 6);
        Assert.Contains(Persons.Values, p => p.InsurerNumber!.Length == 8);
        Assert.Contains(Persons.Values, p => p.PersonalFamilyClassification == "2");
        foreach (var validity in new[] { "1", "2", "3", "5", "6" })
            Assert.Contains(Persons.Values, p => p.QualificationValidity == validity);
        Assert.True(Persons.Values.Count(p => p.QualificationValidity == "1") > Persons.Count / 2, "most persons should be validly insured");
    }

    [Fact]
    public void only_persons_aged_70_to_74_carry_an_elderly_recipient_block()
    {
        Assert.All(Persons.Values, p =>
        {
            var age = AgeAt(p.BirthDate!.Value, PersonGenerator.ReferenceDate);
            if (age is >= 70 and <= 74)
            {
                Assert.NotNull(p.ElderlyRecipient);
                Assert.True(p.ElderlyRecipient.ContributionRatio is "020" or "030");
                Assert.True(p.ElderlyRecipient.ValidFrom > p.BirthDate.Value.AddYears(70).AddDays(-1));
                Assert.Equal(p.BirthDate.Value.AddYears(75).AddDays(-1), p.ElderlyRecipient.ValidUntil);
            }
            else
            {
                Assert.Null(p.ElderlyRecipient);
            }
        });
        Assert.Contains(Persons.Values, p => p.ElderlyRecipient is not null);
    }

    [Fact]
    public void persons_of_75_and_over_are_insured_by_a_late_elderly_union_without_a_card_symbol()
    {
        var elderly = Persons.Values.Where(p => AgeAt(p.BirthDate!.Value, PersonGenerator.ReferenceDate) >= 75).ToList();
        Assert.NotEmpty(elderly);
        Assert.All(elderly, p =>
        {
            Assert.StartsWith("39", p.InsurerNumber);
            Assert.Null(p.InsuredCardSymbol);
            Assert.Equal("1", p.PersonalFamilyClassification);
        });
    }

    [Fact]
    public void invalid_qualifications_have_ended_and_valid_ones_have_not()
    {
        Assert.All(Persons.Values, p =>
        {
            if (p.QualificationValidity is "2" or "3")
            {
                Assert.NotNull(p.DisqualificationDate);
                Assert.True(p.DisqualificationDate > p.QualificationDate);
            }
            else
            {
                Assert.Null(p.DisqualificationDate);
            }
        });
    }

    [Fact]
    public void a_person_prints_without_personal_fields()
    {
        var person = Persons.Values.First();
        var text = person.ToString();
        Assert.DoesNotContain(person.Name!, text, StringComparison.Ordinal);
        Assert.DoesNotContain(person.NameKana!, text, StringComparison.Ordinal);
        Assert.DoesNotContain(person.BirthDate!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
    }

    private static int AgeAt(DateOnly birth, DateOnly on) =>
        on.Year - birth.Year - (on < birth.AddYears(on.Year - birth.Year) ? 1 : 0);
}
