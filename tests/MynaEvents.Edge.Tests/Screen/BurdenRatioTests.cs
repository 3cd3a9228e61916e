using MynaEvents.Edge.Screen;

namespace MynaEvents.Edge.Tests.Screen;

public sealed class BurdenRatioTests
{
    [Theory]
    [InlineData("010", "1割", "10% (1割)")]
    [InlineData("020", "2割", "20% (2割)")]
    [InlineData("030", "3割", "30% (3割)")]
    [InlineData("100", "10割", "100% (10割)")]
    [InlineData("000", "0割", "0% (0割)")]
    [InlineData("025", "2割5分", "25% (2割5分)")]
    public void the_three_digit_code_is_shown_in_tenths(string code, string japanese, string english)
    {
        Assert.Equal(japanese, BurdenRatio.Format(code, ScreenLanguage.Japanese));
        Assert.Equal(english, BurdenRatio.Format(code, ScreenLanguage.English));
    }

    [Theory]
    [InlineData("3割")]
    [InlineData("30")]
    [InlineData("0300")]
    [InlineData("101")]
    [InlineData("")]
    public void a_code_that_is_not_one_is_shown_as_it_came(string code) =>
        Assert.Equal(code, BurdenRatio.Format(code, ScreenLanguage.Japanese));

    [Fact]
    public void no_code_shows_nothing() => Assert.Equal("", BurdenRatio.Format(null, ScreenLanguage.English));
}
