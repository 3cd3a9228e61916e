using MynaEvents.Domain.Verification;

namespace MynaEvents.Domain.Tests.Verification;

public sealed class InsuranceNumberTests
{
    [Theory]
    [InlineData("3312001", 5)]
    [InlineData("0113001", 2)]
    public void the_insurer_check_digit_follows_the_published_examples(string firstSeven, int check) =>
        Assert.Equal(check, InsurerNumber.CheckDigit(firstSeven));

    [Theory]
    [InlineData("33120015", true)]
    [InlineData("01130012", true)]
    [InlineData("33120016", false)] // wrong check digit
    [InlineData("138040", true)] // 6-digit 国民健康保険
    [InlineData("1380401", false)]
    [InlineData("3312001A", false)]
    [InlineData("", false)]
    public void insurer_numbers_are_six_digits_or_eight_with_a_check_digit(string number, bool valid) =>
        Assert.Equal(valid, InsurerNumber.IsValid(number));

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
}
