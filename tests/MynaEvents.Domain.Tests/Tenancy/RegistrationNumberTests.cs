using MynaEvents.Domain.Tenancy;

namespace MynaEvents.Domain.Tests.Tenancy;

public sealed class RegistrationNumberTests
{
    [Theory]
    [InlineData("契1234567", "契1234567")] // 個人契約
    [InlineData("協2804440", "協2804440")] // 団体協定
    [InlineData("契2804440-0-0", "契2804440-0-0")] // as claim forms and approval notices print it
    [InlineData("協1310001-1-12", "協1310001-1-12")]
    [InlineData(" 契1234567 ", "契1234567")]
    [InlineData("契１２３４５６７", "契1234567")] // full-width digits
    [InlineData("契２８０４４４０－０－０", "契2804440-0-0")] // full-width digits and hyphens
    [InlineData("契2804440‐0−0", "契2804440-0-0")] // other hyphen and minus signs
    [InlineData("契 1234567", "契1234567")]
    [InlineData("協\u30001234567", "協1234567")] // an ideographic space after the symbol
    public void a_number_in_the_real_form_is_accepted_and_stored_with_ascii_digits(string text, string stored)
    {
        Assert.Null(RegistrationNumber.Problem(text));
        Assert.Equal(stored, RegistrationNumber.Normalize(text));
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("  ", "required")]
    [InlineData("\u3000", "required")]
    [InlineData("1234567", "registration_number_format")] // no 契 or 協
    [InlineData("1234567-0", "registration_number_format")]
    [InlineData("AB-1234567-0", "registration_number_format")]
    [InlineData("K1234567", "registration_number_format")]
    [InlineData("約1234567", "registration_number_format")]
    [InlineData("契123456", "registration_number_format")] // six digits
    [InlineData("契12345678", "registration_number_format")] // eight digits
    [InlineData("契契1234567", "registration_number_format")]
    [InlineData("1234567契", "registration_number_format")]
    [InlineData("契1234567-0", "registration_number_format")] // half a suffix
    [InlineData("契1234567-0-", "registration_number_format")]
    [InlineData("契1234567-0-0-0", "registration_number_format")]
    [InlineData("契1234567-123-0", "registration_number_format")]
    [InlineData("契1234567--0", "registration_number_format")]
    [InlineData("契12a4567", "registration_number_format")]
    [InlineData("契123\n4567", "registration_number_format")]
    [InlineData("契１２３４５６７８９０１２３４５６７８９０１２３４５６７８９０", "registration_number_format")]
    public void anything_else_is_refused_naming_the_field_and_the_form(string? text, string rule)
    {
        var problem = RegistrationNumber.Problem(text);

        Assert.NotNull(problem);
        Assert.Equal(("registrationNumber", rule), (problem.Field, problem.Rule));
        if (rule == "registration_number_format")
            Assert.Contains("契", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_sample_numbers_of_the_tests_have_the_real_form()
    {
        Assert.Null(RegistrationNumber.Problem(Given.RegistrationNumber()));
        Assert.Null(RegistrationNumber.Problem(Given.RegistrationNumber(7)));
        Assert.NotEqual(Given.RegistrationNumber(1), Given.RegistrationNumber(2));
    }
}
