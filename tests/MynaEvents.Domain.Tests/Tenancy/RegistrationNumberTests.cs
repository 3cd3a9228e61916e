using MynaEvents.Domain.Tenancy;

namespace MynaEvents.Domain.Tests.Tenancy;

public sealed class RegistrationNumberTests
{
    [Theory]
    [InlineData("1234567", "1234567")]
    [InlineData(" ab-1234567-0 ", "AB-1234567-0")]
    [InlineData("K1", "K1")]
    public void a_plausible_number_is_accepted_and_stored_upper_case(string text, string stored)
    {
        Assert.Null(RegistrationNumber.Problem(text));
        Assert.Equal(stored, RegistrationNumber.Normalize(text));
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("  ", "required")]
    [InlineData("契1234567", "registration_number_format")]
    [InlineData("12 34567", "registration_number_format")]
    [InlineData("-1234567", "registration_number_format")]
    [InlineData("1234567-", "registration_number_format")]
    [InlineData("ABCDEFG", "registration_number_format")]
    [InlineData("123456789012345678901234567890123", "registration_number_format")]
    public void an_implausible_number_is_refused_naming_the_field(string? text, string rule)
    {
        var problem = RegistrationNumber.Problem(text);

        Assert.NotNull(problem);
        Assert.Equal(("registrationNumber", rule), (problem.Field, problem.Rule));
    }
}
