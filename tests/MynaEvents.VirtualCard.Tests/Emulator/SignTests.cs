using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MynaEvents.VirtualCard.Tests.Emulator;

public sealed class SignTests(TestCardSet cards) : IClassFixture<TestCardSet>
{
    private static readonly byte[] Nonce = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void a_signature_after_the_pin_verifies_with_the_certificates_public_key()
    {
        var card = cards.Emulator();
        card.VerifyPin();
        card.Ok(Apdu.SelectEf(CardIdentifiers.UserAuthenticationKey));

        var response = card.Process(Apdu.Sign(TestCard.DigestInfoFor(Nonce)));

        Assert.Equal(0x9000, Apdu.Sw(response));
        var signature = Apdu.Data(response);
        Assert.Equal(256, signature.Length);
        using var publicKey = cards.Card.Certificate.GetRSAPublicKey()!;
        Assert.True(publicKey.VerifyData(Nonce, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void an_extended_sign_command_signs_too()
    {
        var card = cards.Emulator();
        card.VerifyPin();
        card.Ok(Apdu.SelectEf(CardIdentifiers.UserAuthenticationKey));

        var response = card.Process(Apdu.SignExtended(TestCard.DigestInfoFor(Nonce)));

        Assert.Equal(0x9000, Apdu.Sw(response));
        Assert.Equal(cards.Card.SignNonce(Nonce), Apdu.Data(response)); // PKCS#1 v1.5 is deterministic
    }

    [Fact]
    public void signing_without_the_pin_is_refused()
    {
        var card = cards.Emulator();
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationKey));

        Assert.Equal([0x69, 0x82], card.Process(Apdu.Sign(TestCard.DigestInfoFor(Nonce))));
    }

    [Fact]
    public void signing_without_the_key_ef_selected_is_refused()
    {
        var card = cards.Emulator();
        card.VerifyPin();

        Assert.Equal([0x69, 0x82], card.Process(Apdu.Sign(TestCard.DigestInfoFor(Nonce))));
    }

    [Fact]
    public void a_reset_between_pin_and_signature_forgets_the_pin()
    {
        var card = cards.Emulator();
        card.VerifyPin();
        card.Reset();
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationKey));

        Assert.Equal([0x69, 0x82], card.Process(Apdu.Sign(TestCard.DigestInfoFor(Nonce))));
    }

    [Fact]
    public void leaving_the_jpki_application_forgets_the_pin()
    {
        var card = cards.Emulator();
        card.VerifyPin();
        card.Ok(Apdu.SelectCardInfo, Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationKey));

        Assert.Equal([0x69, 0x82], card.Process(Apdu.Sign(TestCard.DigestInfoFor(Nonce))));
    }

    [Fact]
    public void reselecting_the_jpki_application_keeps_the_pin()
    {
        var card = cards.Emulator();
        card.VerifyPin();
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationKey));

        Assert.Equal(0x9000, Apdu.Sw(card.Process(Apdu.Sign(TestCard.DigestInfoFor(Nonce)))));
    }

    [Fact]
    public void only_a_sha256_digest_info_is_signed()
    {
        var card = cards.Emulator();
        card.VerifyPin();
        card.Ok(Apdu.SelectEf(CardIdentifiers.UserAuthenticationKey));
        byte[] sha1DigestInfo = [.. Convert.FromHexString("3021300906052B0E03021A05000414"), .. new byte[20]];

        Assert.Equal([0x6A, 0x80], card.Process(Apdu.Sign(sha1DigestInfo)));
        Assert.Equal([0x6A, 0x80], card.Process(Apdu.Sign(SHA256.HashData(Nonce))));
    }

    [Fact]
    public void sign_takes_only_p1_00_p2_80()
    {
        var card = cards.Emulator();
        card.VerifyPin();
        card.Ok(Apdu.SelectEf(CardIdentifiers.UserAuthenticationKey));
        var command = Apdu.Sign(TestCard.DigestInfoFor(Nonce));
        command[3] = 0x81;

        Assert.Equal([0x6A, 0x86], card.Process(command));
    }
}
