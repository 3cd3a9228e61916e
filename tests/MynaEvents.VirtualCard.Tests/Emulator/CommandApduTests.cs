namespace MynaEvents.VirtualCard.Tests.Emulator;

public sealed class CommandApduTests
{
    [Fact]
    public void a_header_alone_has_neither_data_nor_le()
    {
        Assert.True(CommandApdu.TryParse([0x00, 0x20, 0x00, 0x80], out var command));
        Assert.Equal((0x00, 0x20, 0x00, 0x80), (command.Cla, command.Ins, command.P1, command.P2));
        Assert.True(command.Data.IsEmpty);
        Assert.Null(command.Ne);
        Assert.False(command.Extended);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0xB0, 0x00, 0x00, 0x04 }, 4, false, false)]
    [InlineData(new byte[] { 0x00, 0xB0, 0x00, 0x00, 0x00 }, 256, true, false)]
    [InlineData(new byte[] { 0x00, 0xB0, 0x00, 0x00, 0x00, 0x07, 0x80 }, 0x780, false, true)]
    [InlineData(new byte[] { 0x00, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x00 }, 65536, true, true)]
    public void an_le_alone_is_decoded_in_its_short_or_extended_form(byte[] apdu, int ne, bool maximum, bool extended)
    {
        Assert.True(CommandApdu.TryParse(apdu, out var command));
        Assert.True(command.Data.IsEmpty);
        Assert.Equal((ne, maximum, extended), (command.Ne, command.NeIsMaximum, command.Extended));
    }

    [Fact]
    public void short_data_with_and_without_le()
    {
        Assert.True(CommandApdu.TryParse([0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x0A], out var select));
        Assert.Equal([0x00, 0x0A], select.Data.ToArray());
        Assert.Null(select.Ne);

        Assert.True(CommandApdu.TryParse([0x80, 0x2A, 0x00, 0x80, 0x01, 0x55, 0x00], out var sign));
        Assert.Equal([0x55], sign.Data.ToArray());
        Assert.Equal(256, sign.Ne);
        Assert.False(sign.Extended);
    }

    [Fact]
    public void extended_data_with_and_without_le()
    {
        Assert.True(CommandApdu.TryParse([0x80, 0x2A, 0x00, 0x80, 0x00, 0x00, 0x02, 0x55, 0x66], out var noLe));
        Assert.Equal([0x55, 0x66], noLe.Data.ToArray());
        Assert.Null(noLe.Ne);
        Assert.True(noLe.Extended);

        Assert.True(CommandApdu.TryParse([0x80, 0x2A, 0x00, 0x80, 0x00, 0x00, 0x01, 0x55, 0x01, 0x00], out var withLe));
        Assert.Equal([0x55], withLe.Data.ToArray());
        Assert.Equal(256, withLe.Ne);
        Assert.False(withLe.NeIsMaximum);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0xB0, 0x00 })]
    [InlineData(new byte[] { 0x00, 0xB0, 0x00, 0x00, 0x00, 0x01 })]
    [InlineData(new byte[] { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00 })]
    [InlineData(new byte[] { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x0A, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x00, 0xA4, 0x02, 0x0C, 0x00, 0x00, 0x00, 0x0A })] // extended Lc of zero
    [InlineData(new byte[] { 0x00, 0xA4, 0x02, 0x0C, 0x00, 0x00, 0x02, 0x00, 0x0A, 0x00 })] // extended Le cut short
    public void lengths_that_fit_no_case_are_refused(byte[] apdu)
    {
        Assert.False(CommandApdu.TryParse(apdu, out _));
    }
}
