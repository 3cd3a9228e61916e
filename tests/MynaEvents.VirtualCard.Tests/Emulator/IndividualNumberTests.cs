namespace MynaEvents.VirtualCard.Tests.Emulator;

public sealed class IndividualNumberTests
{
    [Theory]
    [InlineData("12345678901", 8)]
    [InlineData("00000000000", 0)]
    [InlineData("00000000001", 9)] // weighted sum 2: 11 - 2
    [InlineData("00000000005", 1)] // weighted sum 10: 11 - 10
    [InlineData("00000000006", 0)] // weighted sum 12 leaves 1: 0
    [InlineData("10000000000", 5)] // the leftmost digit weighs 6
    public void the_check_digit_follows_the_weighted_sum_modulo_eleven(string firstEleven, int checkDigit)
    {
        Assert.Equal(checkDigit, IndividualNumber.CheckDigit(firstEleven));
    }

    [Fact]
    public void the_default_fake_number_has_a_valid_check_digit()
    {
        Assert.True(IndividualNumber.IsValid(new JpkiCardOptions().FakeIndividualNumber));
        Assert.False(IndividualNumber.IsValid("123456789010"));
    }
}
