namespace MynaEvents.VirtualCard.Tests.Emulator;

public sealed class SelectTests(TestCardSet cards) : IClassFixture<TestCardSet>
{
    [Fact]
    public void the_jpki_application_and_its_certificate_file_are_selected_without_response_data()
    {
        var card = cards.Emulator();

        Assert.Equal([0x90, 0x00], card.Process(Apdu.SelectJpki));
        Assert.Equal([0x90, 0x00], card.Process(Apdu.SelectEf(CardIdentifiers.UserAuthenticationCertificate)));
    }

    [Fact]
    public void an_unknown_application_is_not_found()
    {
        var card = cards.Emulator();

        Assert.Equal(0x6A82, Apdu.Sw(card.Process(Apdu.SelectAid([0xA0, 0x00, 0x00, 0x00, 0x03]))));
    }

    [Fact]
    public void an_ef_is_not_found_before_an_application_is_selected()
    {
        var card = cards.Emulator();

        Assert.Equal(0x6A82, Apdu.Sw(card.Process(Apdu.SelectEf(CardIdentifiers.UserAuthenticationCertificate))));
    }

    [Theory]
    [InlineData(0x000A)]
    [InlineData(0x000B)]
    [InlineData(0x0017)]
    [InlineData(0x0018)]
    [InlineData(0x0001)]
    [InlineData(0x0002)]
    [InlineData(0x001A)]
    [InlineData(0x001B)]
    public void every_file_of_the_real_jpki_application_can_be_selected(ushort fid)
    {
        var card = cards.Emulator();
        card.Ok(Apdu.SelectJpki);

        Assert.Equal(0x9000, Apdu.Sw(card.Process(Apdu.SelectEf(fid))));
    }

    [Fact]
    public void a_file_the_jpki_application_does_not_hold_is_not_found()
    {
        var card = cards.Emulator();
        card.Ok(Apdu.SelectJpki);

        Assert.Equal(0x6A82, Apdu.Sw(card.Process(Apdu.SelectEf(0x0003))));
    }

    [Fact]
    public void jpki_files_are_not_found_in_the_card_info_application()
    {
        var card = cards.Emulator();
        card.Ok(Apdu.SelectCardInfo);

        Assert.Equal(0x6A82, Apdu.Sw(card.Process(Apdu.SelectEf(CardIdentifiers.UserAuthenticationCertificate))));
    }

    [Fact]
    public void a_failed_select_keeps_the_current_file()
    {
        var card = cards.Emulator();
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationCertificate));

        Assert.Equal(0x6A82, Apdu.Sw(card.Process(Apdu.SelectEf(0x1234))));
        Assert.Equal(0x9000, Apdu.Sw(card.Process(Apdu.ReadBinary(0, 4))));
    }

    [Theory]
    [InlineData(0x04, 0x00)] // asks for FCI, which the edge never needs
    [InlineData(0x00, 0x0C)] // select by FID from the MF
    [InlineData(0x08, 0x0C)] // select by path
    public void unsupported_select_parameters_are_refused_as_bad_p1_p2(byte p1, byte p2)
    {
        var card = cards.Emulator();
        byte[] aid = CardIdentifiers.JpkiApplication.ToArray();

        Assert.Equal(0x6A86, Apdu.Sw(card.Process([0x00, 0xA4, p1, p2, (byte)aid.Length, .. aid])));
    }

    [Fact]
    public void an_ef_select_must_name_a_two_byte_fid()
    {
        var card = cards.Emulator();
        card.Ok(Apdu.SelectJpki);

        Assert.Equal(0x6700, Apdu.Sw(card.Process([0x00, 0xA4, 0x02, 0x0C, 0x01, 0x0A])));
        Assert.Equal(0x6700, Apdu.Sw(card.Process([0x00, 0xA4, 0x04, 0x0C])));
    }

    [Fact]
    public void an_unknown_instruction_is_not_supported_and_a_wrong_class_is_refused()
    {
        var card = cards.Emulator();

        Assert.Equal(0x6D00, Apdu.Sw(card.Process([0x00, 0xCA, 0x01, 0x00, 0x00])));
        Assert.Equal(0x6D00, Apdu.Sw(card.Process([0x00, 0xC0, 0x00, 0x00, 0x10]))); // no GET RESPONSE: the card speaks T=1
        Assert.Equal(0x6E00, Apdu.Sw(card.Process([0x80, .. Apdu.SelectJpki.AsSpan(1)])));
        Assert.Equal(0x6E00, Apdu.Sw(card.Process([0x00, 0x2A, 0x00, 0x80, 0x01, 0x00, 0x00])));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x00, 0xA4, 0x04 })]
    [InlineData(new byte[] { 0x00, 0xA4, 0x04, 0x0C, 0x05, 0xD3 })] // Lc says 5, one byte follows
    [InlineData(new byte[] { 0x00, 0xB0, 0x00, 0x00, 0x00, 0x01 })] // extended Le cut short
    public void a_command_that_fits_no_apdu_case_is_a_wrong_length(byte[] command)
    {
        var card = cards.Emulator();

        Assert.Equal(0x6700, Apdu.Sw(card.Process(command)));
        Assert.Equal(command.Length, Assert.Single(card.Log).Length);
    }

    [Fact]
    public void the_atr_is_a_real_cards_contact_atr()
    {
        var card = cards.Emulator();

        Assert.Equal([0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14], card.Atr.ToArray());
    }
}
