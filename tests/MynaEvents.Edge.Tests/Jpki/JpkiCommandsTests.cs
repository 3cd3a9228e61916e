using MynaEvents.Edge.Jpki;
using static MynaEvents.Edge.Tests.Jpki.ScriptedChannel;

namespace MynaEvents.Edge.Tests.Jpki;

public class JpkiCommandsTests
{
    [Fact]
    public void selecting_the_JPKI_application_is_the_documented_apdu_without_FCI() =>
        Assert.Equal("00A4040C0AD392F000260100000001", Hex(JpkiCommands.SelectJpki()));

    [Fact]
    public void building_a_select_of_the_card_info_application_throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => JpkiCommands.SelectApplication(ScriptedChannel.Hex("D3 92 10 00 31 00 01 01 04 08")));
        Assert.Contains("券面事項入力補助AP", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("D3 92 10 00 31")]
    [InlineData("D3 92")]
    [InlineData("D3 92 10 00 31 00 01 01 04 08 00")]
    [InlineData("")]
    public void a_partial_name_that_could_select_the_card_info_application_is_refused_too(string aid) =>
        Assert.Throws<InvalidOperationException>(() => JpkiCommands.SelectApplication(ScriptedChannel.Hex(aid)));

    [Theory]
    [InlineData("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08")]
    [InlineData("00 A4 04 00 0A D3 92 10 00 31 00 01 01 04 08 00")]
    [InlineData("00 A4 04 0C 05 D3 92 10 00 31")]
    [InlineData("00 A4 08 0C 02 3F 00")]
    [InlineData("00 A4 00 0C 02 3F 00")]
    public void the_last_check_before_sending_refuses_any_select_that_could_reach_the_card_info_application(string apdu) =>
        Assert.Throws<InvalidOperationException>(() => JpkiCommands.EnsureAllowed(ScriptedChannel.Hex(apdu)));

    [Theory]
    [InlineData(0x0001)] // signing certificate: it names the holder
    [InlineData(0x0002)]
    [InlineData(0x001A)]
    [InlineData(0x001B)] // signing password
    [InlineData(0x2F01)]
    public void the_signing_side_and_any_other_file_are_refused_both_when_built_and_before_sending(ushort fid)
    {
        var built = Assert.Throws<InvalidOperationException>(() => JpkiCommands.SelectFile(fid));
        Assert.Contains($"EF {fid:X4}", built.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => JpkiCommands.EnsureAllowed([0x00, 0xA4, 0x02, 0x0C, 0x02, (byte)(fid >> 8), (byte)fid]));
    }

    [Theory]
    [InlineData("00 A4 02 0C 01 0A")]
    [InlineData("00 A4 02 0C 03 00 0A 00")]
    public void an_ef_select_that_names_no_single_file_id_is_refused(string apdu) =>
        Assert.Throws<InvalidOperationException>(() => JpkiCommands.EnsureAllowed(ScriptedChannel.Hex(apdu)));

    [Theory]
    [InlineData("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01")]
    [InlineData("00 A4 02 0C 02 00 0A")]
    [InlineData("00 A4 02 0C 02 00 0B")]
    [InlineData("00 A4 02 0C 02 00 17")]
    [InlineData("00 A4 02 0C 02 00 18")]
    [InlineData("00 B0 00 00 04")]
    [InlineData("00 20 00 80")]
    public void the_JPKI_commands_pass_the_last_check(string apdu) =>
        JpkiCommands.EnsureAllowed(ScriptedChannel.Hex(apdu));

    [Fact]
    public void selecting_an_elementary_file_names_it_by_its_two_byte_id() =>
        Assert.Equal("00A4020C020017", Hex(JpkiCommands.SelectFile(0x0017)));

    [Theory]
    [InlineData(0, 4, "00B0000004")]
    [InlineData(0x0104, 256, "00B0010400")]
    [InlineData(0x7FFF, 1, "00B07FFF01")]
    public void a_short_read_binary_sends_the_offset_in_P1_P2_and_256_as_Le_00(int offset, int length, string expected) =>
        Assert.Equal(expected, Hex(JpkiCommands.ReadBinary(offset, length)));

    [Fact]
    public void an_extended_read_binary_sends_Le_as_three_bytes() =>
        Assert.Equal("00B00004000600", Hex(JpkiCommands.ReadBinaryExtended(4, 0x0600)));

    [Theory]
    [InlineData(0x8000, 1)]
    [InlineData(-1, 1)]
    [InlineData(0, 0)]
    [InlineData(0, 257)]
    public void read_binary_refuses_offsets_beyond_15_bits_and_lengths_a_short_Le_cannot_carry(int offset, int length) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => JpkiCommands.ReadBinary(offset, length));

    [Fact]
    public void reading_the_tries_left_is_a_verify_without_data() =>
        Assert.Equal("00200080", Hex(JpkiCommands.PinTriesLeft()));

    [Fact]
    public void verify_carries_the_four_ascii_digits()
    {
        using var pin = PinBuffer.FromDigits("0427");
        var command = new byte[JpkiCommands.VerifyPinLength];
        JpkiCommands.WriteVerifyPin(pin, command);
        Assert.Equal("002000800430343237", Hex(command));
    }

    [Fact]
    public void sign_sends_the_digest_info_with_Lc_33_and_Le_00()
    {
        var digestInfo = new byte[51];
        var command = JpkiCommands.Sign(digestInfo);
        Assert.Equal(57, command.Length);
        Assert.Equal("802A008033", Hex(command[..5]));
        Assert.Equal(0x00, command[^1]);
    }

    [Fact]
    public void a_wrong_Le_is_corrected_only_on_commands_that_carry_one()
    {
        Assert.Equal("00B0000010", Hex(JpkiCommands.WithShortLe(ScriptedChannel.Hex("00B0000000"), 0x10)));
        Assert.False(JpkiCommands.HasShortLe(ScriptedChannel.Hex("00A4020C02000A")));
        Assert.False(JpkiCommands.HasShortLe(ScriptedChannel.Hex("00200080")));
        Assert.True(JpkiCommands.HasShortLe(JpkiCommands.Sign(new byte[51])));
    }
}
