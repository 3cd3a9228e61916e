using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MynaEvents.VirtualCard.Tests.Emulator;

public sealed class ReadBinaryTests(TestCardSet cards) : IClassFixture<TestCardSet>
{
    private JpkiCardEmulator CardWithCertificateSelected(JpkiCardOptions? options = null)
    {
        var card = cards.Emulator(options);
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationCertificate));
        return card;
    }

    [Fact]
    public void the_certificate_reads_in_256_byte_chunks_after_its_length_from_the_first_four_bytes()
    {
        var card = CardWithCertificateSelected(new JpkiCardOptions { ExtendedApdu = false });

        var head = Apdu.Data(card.Process(Apdu.ReadBinary(0, 4)));
        Assert.Equal(0x30, head[0]);
        Assert.Equal(0x82, head[1]);
        var total = ((head[2] << 8) | head[3]) + 4;
        var read = new List<byte>();
        for (var offset = 0; offset < total; offset += 256)
        {
            var response = card.Process(Apdu.ReadBinary(offset, Math.Min(256, total - offset)));
            Assert.Equal(0x9000, Apdu.Sw(response));
            read.AddRange(Apdu.Data(response));
        }

        Assert.Equal(cards.Card.CertificateDer, read.ToArray());
        Assert.True(total > 256, "the certificate should need several short reads");
    }

    [Fact]
    public void the_certificate_reads_in_one_extended_apdu()
    {
        var card = CardWithCertificateSelected();
        var total = cards.Card.CertificateDer.Length;

        var response = card.Process(Apdu.ReadBinaryExtended(0, total));

        Assert.Equal(0x9000, Apdu.Sw(response));
        Assert.Equal(cards.Card.CertificateDer, Apdu.Data(response));
        Assert.True(card.Log[^1].Extended);
    }

    [Fact]
    public void a_reader_without_extended_apdus_answers_any_extended_command_with_wrong_length()
    {
        var card = CardWithCertificateSelected(new JpkiCardOptions { ExtendedApdu = false });

        Assert.Equal([0x67, 0x00], card.Process(Apdu.ReadBinaryExtended(0, 1000)));
        Assert.Equal([0x67, 0x00], card.Process(Apdu.SignExtended(TestCard.DigestInfoFor([1, 2, 3]))));
    }

    [Fact]
    public void an_all_zero_le_reads_what_is_left_and_succeeds()
    {
        var card = CardWithCertificateSelected();
        var length = cards.Card.CertificateDer.Length;

        var lastShort = card.Process(Apdu.ReadBinary(length - 10, 256));
        var wholeExtended = card.Process(Apdu.ReadBinaryExtended(0, 65536));

        Assert.Equal(0x9000, Apdu.Sw(lastShort));
        Assert.Equal(cards.Card.CertificateDer[^10..], Apdu.Data(lastShort));
        Assert.Equal(0x9000, Apdu.Sw(wholeExtended));
        Assert.Equal(cards.Card.CertificateDer, Apdu.Data(wholeExtended));
    }

    [Fact]
    public void asking_for_more_than_is_left_returns_the_rest_with_end_of_file_warning()
    {
        var card = CardWithCertificateSelected();
        var length = cards.Card.CertificateDer.Length;

        var response = card.Process(Apdu.ReadBinary(length - 10, 20));

        Assert.Equal(0x6282, Apdu.Sw(response));
        Assert.Equal(cards.Card.CertificateDer[^10..], Apdu.Data(response));
    }

    [Fact]
    public void an_offset_at_or_past_the_end_is_refused()
    {
        var card = CardWithCertificateSelected();
        var length = cards.Card.CertificateDer.Length;

        Assert.Equal([0x6B, 0x00], card.Process(Apdu.ReadBinary(length, 1)));
        Assert.Equal([0x6B, 0x00], card.Process(Apdu.ReadBinary(0x7FFF, 1)));
    }

    [Fact]
    public void the_offset_is_15_bits_so_the_top_bit_of_p1_is_refused()
    {
        var card = CardWithCertificateSelected();

        Assert.Equal([0x6A, 0x86], card.Process([0x00, 0xB0, 0x80, 0x00, 0x04]));
    }

    [Fact]
    public void read_binary_needs_an_le_and_takes_no_data()
    {
        var card = CardWithCertificateSelected();

        Assert.Equal([0x67, 0x00], card.Process([0x00, 0xB0, 0x00, 0x00]));
        Assert.Equal([0x67, 0x00], card.Process([0x00, 0xB0, 0x00, 0x00, 0x01, 0x00, 0x04]));
    }

    [Fact]
    public void nothing_is_read_without_a_current_ef()
    {
        var card = cards.Emulator();

        Assert.Equal([0x69, 0x86], card.Process(Apdu.ReadBinary(0, 4)));
        card.Ok(Apdu.SelectJpki);
        Assert.Equal([0x69, 0x86], card.Process(Apdu.ReadBinary(0, 4)));
    }

    [Theory]
    [InlineData(CardIdentifiers.UserAuthenticationPin)]
    [InlineData(CardIdentifiers.UserAuthenticationKey)]
    public void the_pin_and_the_key_cannot_be_read(ushort fid)
    {
        var card = cards.Emulator();
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(fid));

        Assert.Equal([0x69, 0x81], card.Process(Apdu.ReadBinary(0, 0)));
    }

    [Fact]
    public void the_ca_certificate_is_readable_and_issued_the_card_certificate()
    {
        var card = cards.Emulator();
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationCaCertificate));

        var der = Apdu.Data(card.Process(Apdu.ReadBinaryExtended(0, 65536)));

        using var ca = X509CertificateLoader.LoadCertificate(der);
        Assert.Equal(cards.Authority.Certificate.Thumbprint, ca.Thumbprint);
        Assert.Equal(ca.SubjectName.Name, cards.Card.Certificate.IssuerName.Name);
    }

    [Fact]
    public void the_card_info_application_gives_out_the_fake_individual_number()
    {
        var card = cards.Emulator(new JpkiCardOptions { FakeIndividualNumber = "123456789018" });
        card.Ok(Apdu.SelectCardInfo, Apdu.SelectEf(CardIdentifiers.IndividualNumber));

        var response = card.Process(Apdu.ReadBinary(0, 0));

        Assert.Equal("123456789018", Encoding.ASCII.GetString(Apdu.Data(response)));
        Assert.Equal(0x9000, Apdu.Sw(response));
    }
}
