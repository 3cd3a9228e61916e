using System.Reflection;
using MynaEvents.Edge.Jpki;

namespace MynaEvents.Edge.Tests.Jpki;

public class PinBufferTests
{
    [Theory]
    [InlineData("123")]
    [InlineData("12345")]
    [InlineData("12a4")]
    [InlineData("１２３４")]
    [InlineData("12 4")]
    [InlineData("")]
    public void only_exactly_four_ascii_digits_make_a_PIN(string typed)
    {
        var error = Assert.Throws<ArgumentException>(() => PinBuffer.FromDigits(typed));
        if (typed.Length > 0)
            Assert.DoesNotContain(typed, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ascii_bytes_from_a_pin_pad_are_validated_the_same_way()
    {
        using var pin = PinBuffer.FromAscii("9876"u8);
        Assert.Throws<ArgumentException>(() => PinBuffer.FromAscii("98x6"u8));
    }

    [Fact]
    public void the_digits_never_show_in_ToString()
    {
        using var pin = PinBuffer.FromDigits("2468");
        Assert.DoesNotContain("2468", pin.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("2", pin.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void dispose_clears_the_digits_and_the_buffer_cannot_be_used_after()
    {
        var pin = PinBuffer.FromDigits("1357");
        var digits = (byte[])typeof(PinBuffer).GetField("_digits", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(pin)!;
        Assert.Equal("1357"u8.ToArray(), digits);

        pin.Dispose();

        Assert.All(digits, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => pin.CopyDigitsTo(new byte[4]));
        Assert.Equal("PIN (cleared)", pin.ToString());
    }
}
