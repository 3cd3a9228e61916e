using MynaEvents.Domain.Verification;

namespace MynaEvents.Domain.Tests.Verification;

public sealed class InsuranceNumberTests
{
    [Theory]
    [InlineData("3312001", 5)]
    [InlineData("0113001", 2)]
    [InlineData("13101", 1)] // 国民健康保険: 1,3,1,0,1 → 1
    [InlineData("13804", 0)]
    [InlineData("27100", 7)]
    public void the_insurer_check_digit_follows_the_published_examples(string body, int check) =>
        Assert.Equal(check, InsurerNumber.CheckDigit(body));

    [Theory]
    [InlineData("33120015", true)]
    [InlineData("01130012", true)]
    [InlineData("33120016", false)] // wrong check digit
    [InlineData("131011", true)] // 6-digit 国民健康保険
    [InlineData("138040", true)]
    [InlineData("271007", true)]
    [InlineData("131012", false)] // 6 digits, wrong check digit
    [InlineData("138041", false)]
    [InlineData("1380401", false)]
    [InlineData("3312001A", false)]
    [InlineData("１３１０１１", false)] // full-width digits are not the system's form
    [InlineData("", false)]
    public void insurer_numbers_are_six_or_eight_digits_ending_in_a_check_digit(string number, bool valid) =>
        Assert.Equal(valid, InsurerNumber.IsValid(number));

    [Fact]
    public void a_six_digit_number_with_a_wrong_check_digit_is_named_as_such() =>
        Assert.Equal("has a wrong check digit (検証番号)", InsurerNumber.Problem("131012"));

    [Fact]
    public void every_body_of_five_or_seven_digits_has_exactly_one_valid_completion()
    {
        foreach (var body in new[] { "00000", "13101", "99999", "0000000", "3913001", "9999999" })
            Assert.Single(Enumerable.Range(0, 10), d => InsurerNumber.IsValid(body + d));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234")]
    [InlineData("123456")]
    [InlineData("12345678")]
    public void the_check_digit_is_computed_over_five_or_seven_digits_only(string body) =>
        Assert.Throws<ArgumentException>(() => InsurerNumber.CheckDigit(body));

    [Theory]
    [InlineData("123456789018", true)] // valid check digit
    [InlineData("1234 5678 9018", true)]
    [InlineData("1234-5678-9018", true)]
    [InlineData("１２３４５６７８９０１８", true)] // full-width digits
    [InlineData("123456789012", false)] // twelve digits, wrong check digit
    [InlineData("12345678901", false)]
    [InlineData("1234567890181", false)]
    [InlineData("A23456789018", false)]
    public void a_value_that_looks_like_an_individual_number_is_recognised(string value, bool looksLikeOne) =>
        Assert.Equal(looksLikeOne, IndividualNumberGuard.LooksLikeOne(value));

    [Theory]
    [InlineData("123456789018", true)]
    [InlineData("番号 1234 5678 9018 です", true)] // inside free text, in groups of four
    [InlineData("受付１２３４−５６７８−９０１８", true)]
    [InlineData("TEL 03-1234-5678", false)] // ten digits
    [InlineData("1234567890181", false)] // thirteen digits in a row are not one
    [InlineData("123456789012", false)] // wrong check digit
    [InlineData("1234  5678 9018", false)] // two separators in a row end the run
    [InlineData("東京都千代田区1-1", false)]
    [InlineData("", false)]
    public void free_text_holding_an_individual_number_anywhere_is_recognised(string text, bool containsOne) =>
        Assert.Equal(containsOne, IndividualNumberGuard.ContainsOne(text));
}
