using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MynaEvents.Edge.Jpki;
using MynaEvents.Edge.Pcsc;
using MynaEvents.VirtualCard;

namespace MynaEvents.Edge.Tests.Pcsc;

/// <summary>Mode B (暗証番号): PIN counter, PIN and challenge signature through pcscd, reader C.</summary>
[Collection(PcscCollectionDefinition.Name)]
[SuppressMessage("Design", "CA1001", Justification = "xunit 2 disposes test classes through IAsyncLifetime.")]
public sealed class PinAndSignatureThroughPcscdTests(PcscFixture pcscd) : IAsyncLifetime
{
    private const string RightPin = "4321";
    private readonly VirtualCardSlot _slot = new(pcscd.Reader('C'));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _slot.DisposeAsync();

    private static void Verify(JpkiCardSession session, string digits)
    {
        using var pin = PinBuffer.FromDigits(digits);
        session.VerifyPin(pin);
    }

    [Fact]
    public async Task reading_the_tries_left_spends_no_try()
    {
        var (emulator, _) = await _slot.InsertAsync(new JpkiCardOptions { Pin = RightPin });
        using var context = PcscContext.Establish();
        using var connection = context.Connect(_slot.Reader.Name);
        var session = new JpkiCardSession(connection);

        Assert.Equal(new PinStatus(false, 3), session.ReadPinTriesLeft());
        Assert.Equal(new PinStatus(false, 3), session.ReadPinTriesLeft());

        Assert.Equal(3, emulator.PinTriesLeft);
    }

    [Fact]
    public async Task a_wrong_PIN_then_the_right_one_verifies_and_restores_the_tries()
    {
        var (emulator, _) = await _slot.InsertAsync(new JpkiCardOptions { Pin = RightPin });
        using var context = PcscContext.Establish();
        using var connection = context.Connect(_slot.Reader.Name);
        var session = new JpkiCardSession(connection);

        var wrong = Assert.Throws<CardException>(() => Verify(session, "0000"));
        Assert.Equal(CardProblem.WrongPin, wrong.Problem);
        Assert.Equal(2, wrong.TriesLeft);

        Verify(session, RightPin);

        Assert.Equal(new PinStatus(true, null), session.ReadPinTriesLeft());
        Assert.Equal(3, emulator.PinTriesLeft);
    }

    [Fact]
    public async Task the_last_try_is_known_before_the_patient_types()
    {
        await _slot.InsertAsync(new JpkiCardOptions { Pin = RightPin, PinTries = 1 });
        using var context = PcscContext.Establish();
        using var connection = context.Connect(_slot.Reader.Name);

        var status = new JpkiCardSession(connection).ReadPinTriesLeft();

        Assert.Equal(1, status.TriesLeft);
        Assert.True(status.IsLastTry);
    }

    [Fact]
    public async Task the_third_wrong_PIN_blocks_the_card_and_later_verifies_say_blocked()
    {
        var (emulator, _) = await _slot.InsertAsync(new JpkiCardOptions { Pin = RightPin });
        using var context = PcscContext.Establish();
        using (var connection = context.Connect(_slot.Reader.Name))
        {
            var session = new JpkiCardSession(connection);
            Assert.Equal(2, Assert.Throws<CardException>(() => Verify(session, "1111")).TriesLeft);
            Assert.Equal(1, Assert.Throws<CardException>(() => Verify(session, "2222")).TriesLeft);

            var third = Assert.Throws<CardException>(() => Verify(session, "3333"));
            Assert.Equal(CardProblem.PinBlocked, third.Problem);
            Assert.Equal(0, third.TriesLeft);
        }

        // A new connection (the card was reset): still blocked, even with the right PIN.
        using (var connection = context.Connect(_slot.Reader.Name))
        {
            var session = new JpkiCardSession(connection);
            Assert.Equal(CardProblem.PinBlocked, Assert.Throws<CardException>(() => session.ReadPinTriesLeft()).Problem);
            Assert.Equal(CardProblem.PinBlocked, Assert.Throws<CardException>(() => Verify(session, RightPin)).Problem);
        }
        Assert.Equal(0, emulator.PinTriesLeft);
    }

    [Fact]
    public async Task the_challenge_signature_verifies_with_the_certificates_public_key()
    {
        var (_, card) = await _slot.InsertAsync(new JpkiCardOptions { Pin = RightPin });
        using var context = PcscContext.Establish();
        using var connection = context.Connect(_slot.Reader.Name);
        var session = new JpkiCardSession(connection);
        var nonce = RandomNumberGenerator.GetBytes(32);

        byte[] der, signature;
        using (connection.BeginTransaction())
        {
            (der, _) = session.ReadAuthenticationCertificate();
            Verify(session, RightPin);
            signature = session.SignChallenge(nonce);
        }

        using var certificate = X509CertificateLoader.LoadCertificate(der);
        using var publicKey = certificate.GetRSAPublicKey()!;
        Assert.Equal(256, signature.Length);
        Assert.True(publicKey.VerifyData(nonce, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(publicKey.VerifyData((byte[])[.. nonce, 0], signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(card.CertificateDer, der);
    }

    [Fact]
    public async Task signing_without_a_verified_PIN_is_refused_clearly()
    {
        await _slot.InsertAsync(new JpkiCardOptions { Pin = RightPin });
        using var context = PcscContext.Establish();
        using var connection = context.Connect(_slot.Reader.Name);

        var error = Assert.Throws<CardException>(() => new JpkiCardSession(connection).SignChallenge([1, 2, 3]));

        Assert.Equal((ushort)0x6982, error.StatusWord);
        Assert.Contains("PIN has not been verified", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_verified_PIN_does_not_outlive_the_connection()
    {
        await _slot.InsertAsync(new JpkiCardOptions { Pin = RightPin });
        using var context = PcscContext.Establish();
        using (var connection = context.Connect(_slot.Reader.Name))
            Verify(new JpkiCardSession(connection), RightPin);

        using var next = context.Connect(_slot.Reader.Name);
        var error = Assert.Throws<CardException>(() => new JpkiCardSession(next).SignChallenge([1, 2, 3]));

        Assert.Equal((ushort)0x6982, error.StatusWord);
    }

    [Fact]
    public async Task an_unknown_status_word_is_reported_with_its_hex()
    {
        await _slot.InsertAsync(new JpkiCardOptions { Fault = new CardFault.UnknownStatus(0x20, 0x6F00) });
        using var context = PcscContext.Establish();
        using var connection = context.Connect(_slot.Reader.Name);

        var error = Assert.Throws<CardException>(() => new JpkiCardSession(connection).ReadPinTriesLeft());

        Assert.Equal(CardProblem.UnexpectedStatus, error.Problem);
        Assert.Equal((ushort)0x6F00, error.StatusWord);
        Assert.Contains("6F 00", error.Message, StringComparison.Ordinal);
    }
}
