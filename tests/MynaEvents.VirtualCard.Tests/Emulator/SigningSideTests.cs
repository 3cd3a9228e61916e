using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MynaEvents.VirtualCard.Tests.Emulator;

/// <summary>
/// The signing side of the JPKI application (署名用: certificate 0001, CA 0002, password 001B,
/// key 001A), which the edge never uses but middleware such as OpenSC reads and lists.
/// </summary>
public sealed class SigningSideTests(TestCardSet cards) : IClassFixture<TestCardSet>
{
    private const string Password = "MYNA2026";
    private static readonly byte[] Nonce = RandomNumberGenerator.GetBytes(32);

    private static byte[] ReadWhole(JpkiCardEmulator card, ushort fid)
    {
        card.Ok(Apdu.SelectEf(fid));
        var response = card.Process(Apdu.ReadBinaryExtended(0, 65536));
        Assert.Equal(0x9000, Apdu.Sw(response));
        return Apdu.Data(response);
    }

    private static void VerifyPassword(JpkiCardEmulator card, string password = Password) =>
        card.Ok(Apdu.SelectEf(CardIdentifiers.SigningPassword), Apdu.Verify(password));

    [Fact]
    public void the_signing_certificate_is_read_only_after_the_signing_password()
    {
        var card = cards.Emulator();
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.SigningCertificate));

        Assert.Equal([0x69, 0x82], card.Process(Apdu.ReadBinary(0, 4)));

        VerifyPassword(card);
        Assert.Equal(cards.Card.SigningCertificate.RawData, ReadWhole(card, CardIdentifiers.SigningCertificate));
    }

    [Fact]
    public void both_ca_certificates_and_the_user_authentication_certificate_are_public()
    {
        var card = cards.Emulator();
        card.Ok(Apdu.SelectJpki);

        Assert.Equal(cards.Authority.SigningCertificate.RawData, ReadWhole(card, CardIdentifiers.SigningCaCertificate));
        Assert.Equal(cards.Authority.Certificate.RawData, ReadWhole(card, CardIdentifiers.UserAuthenticationCaCertificate));
        Assert.Equal(cards.Card.CertificateDer, ReadWhole(card, CardIdentifiers.UserAuthenticationCertificate));
    }

    [Fact]
    public void the_signing_certificate_is_issued_by_its_own_ca_not_the_user_authentication_one()
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(cards.Authority.SigningCertificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;

        Assert.True(chain.Build(cards.Card.SigningCertificate));
        Assert.NotEqual(cards.Authority.Certificate.SubjectName.Name, cards.Card.SigningCertificate.IssuerName.Name);
        Assert.NotEqual(cards.Card.Certificate.SerialNumber, cards.Card.SigningCertificate.SerialNumber);
    }

    [Fact]
    public void the_signing_password_has_a_counter_of_five_of_its_own()
    {
        var card = cards.Emulator();
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.SigningPassword));

        Assert.Equal([0x63, 0xC5], card.Process(Apdu.TriesLeft));
        Assert.Equal([0x63, 0xC4], card.Process(Apdu.Verify("WRONG1")));
        Assert.Equal([0x63, 0xC3], card.Process(Apdu.Verify("WRONG2")));
        Assert.Equal((3, 3), (card.SigningPasswordTriesLeft, card.PinTriesLeft));
        card.Ok(Apdu.SelectEf(CardIdentifiers.UserAuthenticationPin));
        Assert.Equal([0x63, 0xC3], card.Process(Apdu.TriesLeft)); // the PIN's counter is untouched

        card.Ok(Apdu.SelectEf(CardIdentifiers.SigningPassword));
        foreach (var left in new byte[] { 2, 1, 0 })
            Assert.Equal([0x63, (byte)(0xC0 | left)], card.Process(Apdu.Verify("WRONG9")));
        Assert.Equal([0x69, 0x84], card.Process(Apdu.Verify(Password)));
        card.Ok(Apdu.SelectEf(CardIdentifiers.UserAuthenticationPin), Apdu.Verify("1234")); // the PIN still works
    }

    [Fact]
    public void a_password_of_a_length_it_cannot_have_spends_no_try()
    {
        var card = cards.Emulator();
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.SigningPassword));

        Assert.Equal([0x67, 0x00], card.Process(Apdu.Verify("ABC12")));
        Assert.Equal([0x67, 0x00], card.Process(Apdu.Verify("ABCDEFGHIJKLMNOPQ")));
        Assert.Equal([0x67, 0x00], card.Process(Apdu.Verify("1234"))); // the user-authentication PIN's shape
        Assert.Equal(5, card.SigningPasswordTriesLeft);
    }

    [Fact]
    public void the_user_authentication_pin_opens_nothing_on_the_signing_side()
    {
        var card = cards.Emulator();
        card.VerifyPin();

        card.Ok(Apdu.SelectEf(CardIdentifiers.SigningCertificate));
        Assert.Equal([0x69, 0x82], card.Process(Apdu.ReadBinary(0, 4)));
        card.Ok(Apdu.SelectEf(CardIdentifiers.SigningKey));
        Assert.Equal([0x69, 0x82], card.Process(Apdu.Sign(TestCard.DigestInfoFor(Nonce))));
    }

    [Fact]
    public void the_signing_password_opens_nothing_on_the_user_authentication_side()
    {
        var card = cards.Emulator();
        card.Ok(Apdu.SelectJpki);
        VerifyPassword(card);

        card.Ok(Apdu.SelectEf(CardIdentifiers.UserAuthenticationKey));
        Assert.Equal([0x69, 0x82], card.Process(Apdu.Sign(TestCard.DigestInfoFor(Nonce))));
    }

    [Fact]
    public void the_signing_key_signs_with_the_signing_certificates_key_after_the_password()
    {
        var card = cards.Emulator();
        card.Ok(Apdu.SelectJpki);
        VerifyPassword(card);
        card.Ok(Apdu.SelectEf(CardIdentifiers.SigningKey));

        var response = card.Process(Apdu.Sign(TestCard.DigestInfoFor(Nonce)));

        Assert.Equal(0x9000, Apdu.Sw(response));
        using var signing = cards.Card.SigningCertificate.GetRSAPublicKey()!;
        using var authentication = cards.Card.Certificate.GetRSAPublicKey()!;
        Assert.True(signing.VerifyData(Nonce, Apdu.Data(response), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(authentication.VerifyData(Nonce, Apdu.Data(response), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void a_reset_or_a_power_cycle_forgets_both_pins_but_keeps_both_counters()
    {
        var card = cards.Emulator();
        foreach (var endSession in new Action[] { card.Reset, () => { card.PowerOff(); card.PowerOn(); } })
        {
            card.VerifyPin();
            VerifyPassword(card);

            endSession();

            card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationPin));
            Assert.Equal([0x63, 0xC3], card.Process(Apdu.TriesLeft));
            card.Ok(Apdu.SelectEf(CardIdentifiers.SigningPassword));
            Assert.Equal([0x63, 0xC5], card.Process(Apdu.TriesLeft));
            card.Ok(Apdu.SelectEf(CardIdentifiers.SigningCertificate));
            Assert.Equal([0x69, 0x82], card.Process(Apdu.ReadBinary(0, 4)));
        }

        card.Ok(Apdu.SelectEf(CardIdentifiers.SigningPassword));
        Assert.Equal([0x63, 0xC4], card.Process(Apdu.Verify("WRONG1")));
        card.Reset();
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.SigningPassword));
        Assert.Equal([0x63, 0xC4], card.Process(Apdu.TriesLeft));
    }

    [Fact]
    public void leaving_the_jpki_application_forgets_both_pins()
    {
        var card = cards.Emulator();
        card.VerifyPin();
        VerifyPassword(card);

        card.Ok(Apdu.SelectCardInfo, Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.SigningPassword));

        Assert.Equal([0x63, 0xC5], card.Process(Apdu.TriesLeft));
    }

    [Theory]
    [InlineData("ABC12")]
    [InlineData("ABCDEFGHIJKLMNOPQ")]
    [InlineData("abc123")]
    [InlineData("ABC-123")]
    public void the_card_signing_password_must_be_6_to_16_upper_case_letters_and_digits(string password)
    {
        var error = Assert.Throws<ArgumentException>(() => cards.Emulator(new JpkiCardOptions { SigningPassword = password }));
        Assert.Contains("SigningPassword", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(6)]
    public void the_starting_password_tries_are_between_zero_and_five(int tries)
    {
        Assert.Throws<ArgumentException>(() => cards.Emulator(new JpkiCardOptions { SigningPasswordTries = tries }));
    }
}
