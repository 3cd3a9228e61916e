using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using MynaEvents.Edge.Jpki;
using static MynaEvents.Edge.Tests.Jpki.ScriptedChannel;

namespace MynaEvents.Edge.Tests.Jpki;

/// <summary>
/// Parsing of the card's answers, with scripted answers. The same flow against a card behind
/// pcscd is in <c>JpkiThroughPcscdTests</c>.
/// </summary>
public class JpkiCardSessionTests
{
    private const string Ok = "90 00";

    /// <summary>A fake 1,536-byte "certificate": 30 82 05 FC and 1,532 bytes.</summary>
    private static readonly byte[] Certificate = MakeCertificate(0x05FC);

    private static byte[] MakeCertificate(int contentLength)
    {
        var der = new byte[contentLength + 4];
        der[0] = 0x30;
        der[1] = 0x82;
        der[2] = (byte)(contentLength >> 8);
        der[3] = (byte)contentLength;
        RandomNumberGenerator.Fill(der.AsSpan(4));
        return der;
    }

    private static byte[] Answer(ReadOnlySpan<byte> data, ushort sw = 0x9000) => [.. data, (byte)(sw >> 8), (byte)sw];

    private static ScriptedChannel UpToCertificateHead() => new ScriptedChannel()
        .Then(Ok)                                  // SELECT JPKI
        .Then(Ok)                                  // SELECT EF 000A
        .Then(Answer(Certificate.AsSpan(0, 4)));   // first four bytes

    [Fact]
    public void the_certificate_is_read_in_one_extended_apdu_when_the_reader_can()
    {
        var channel = UpToCertificateHead().Then(Answer(Certificate.AsSpan(4)));

        var (der, extended) = new JpkiCardSession(channel).ReadAuthenticationCertificate();

        Assert.Equal(Certificate, der);
        Assert.True(extended);
        Assert.Equal(
            ["00A4040C0AD392F000260100000001", "00A4020C02000A", "00B0000004", "00B00004" + "0005FC"],
            channel.Sent.Select(Hex));
    }

    [Theory]
    [InlineData("67 00")]
    [InlineData("6C 00")]
    [InlineData("6A 86")]
    public void a_refused_extended_read_falls_back_to_256_byte_chunks(string refusal)
    {
        var channel = UpToCertificateHead().Then(refusal);
        AddChunks(channel);

        var (der, extended) = new JpkiCardSession(channel).ReadAuthenticationCertificate();

        Assert.Equal(Certificate, der);
        Assert.False(extended);
        Assert.Equal(
            ["00B0000400", "00B0010400", "00B0020400", "00B0030400", "00B0040400", "00B00504FC"],
            channel.Sent.Skip(4).Select(Hex));
    }

    [Fact]
    public void an_extended_read_that_the_reader_itself_fails_falls_back_to_chunks()
    {
        var channel = UpToCertificateHead().ThenThrow(new CardException(CardProblem.ReaderError, "SCardTransmit failed (SCARD_E_NOT_TRANSACTED)"));
        AddChunks(channel);

        var (der, extended) = new JpkiCardSession(channel).ReadAuthenticationCertificate();

        Assert.Equal(Certificate, der);
        Assert.False(extended);
    }

    [Fact]
    public void an_extended_read_that_comes_back_short_falls_back_to_chunks()
    {
        var channel = UpToCertificateHead().Then(Answer(Certificate.AsSpan(4, 252)));
        AddChunks(channel);

        var (der, extended) = new JpkiCardSession(channel).ReadAuthenticationCertificate();

        Assert.Equal(Certificate, der);
        Assert.False(extended);
    }

    [Fact]
    public void a_card_removed_during_the_extended_read_is_not_mistaken_for_a_short_reader()
    {
        var channel = UpToCertificateHead().ThenThrow(new CardException(CardProblem.CardRemoved, "removed"));

        var error = Assert.Throws<CardException>(() => new JpkiCardSession(channel).ReadAuthenticationCertificate());

        Assert.Equal(CardProblem.CardRemoved, error.Problem);
        Assert.Equal(0, channel.Remaining);
    }

    [Fact]
    public void a_T0_card_is_asked_for_the_rest_with_GET_RESPONSE_and_a_wrong_Le_is_corrected()
    {
        var channel = new ScriptedChannel()
            .Then(Ok).Then(Ok)
            .Then("6C 04")                                   // wrong Le for the head
            .Then(Answer(Certificate.AsSpan(0, 4)))
            .Then("61 00")                                   // extended read over T=0: 256 bytes ready
            .Then(Answer(Certificate.AsSpan(4, 256), 0x6100))
            .Then(Answer(Certificate.AsSpan(260, 256), 0x6100))
            .Then(Answer(Certificate.AsSpan(516, 256), 0x6100))
            .Then(Answer(Certificate.AsSpan(772, 256), 0x6100))
            .Then(Answer(Certificate.AsSpan(1028, 256), 0x61FC))
            .Then(Answer(Certificate.AsSpan(1284, 252)));

        var (der, extended) = new JpkiCardSession(channel).ReadAuthenticationCertificate();

        Assert.Equal(Certificate, der);
        Assert.True(extended);
        Assert.Equal("00B0000004", Hex(channel.Sent[3]));
        Assert.Equal(["00C0000000", "00C0000000", "00C0000000", "00C0000000", "00C0000000", "00C00000FC"], channel.Sent.Skip(5).Select(Hex));
    }

    [Fact]
    public void a_certificate_file_without_a_DER_sequence_is_reported_plainly()
    {
        var channel = new ScriptedChannel().Then(Ok).Then(Ok).Then("FF FF FF FF 90 00");

        var error = Assert.Throws<CardException>(() => new JpkiCardSession(channel).ReadAuthenticationCertificate());

        Assert.Equal(CardProblem.UnexpectedStatus, error.Problem);
        Assert.Contains("EF 000A", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_card_without_the_JPKI_application_is_not_a_My_Number_card()
    {
        var channel = new ScriptedChannel().Then("6A 82");

        var error = Assert.Throws<CardException>(() => new JpkiCardSession(channel).SelectJpki());

        Assert.Equal(CardProblem.NotMyNumberCard, error.Problem);
        Assert.Equal((ushort)0x6A82, error.StatusWord);
    }

    [Theory]
    [InlineData("63 C3", 3)]
    [InlineData("63 C2", 2)]
    [InlineData("63 C1", 1)]
    public void the_tries_left_come_from_63Cx(string answer, int tries)
    {
        var channel = new ScriptedChannel().Then(Ok).Then(Ok).Then(answer);

        var status = new JpkiCardSession(channel).ReadPinTriesLeft();

        Assert.Equal(new PinStatus(false, tries), status);
        Assert.Equal(tries == 1, status.IsLastTry);
        Assert.Equal(["00A4020C020018", "00200080"], channel.Sent.Skip(1).Select(Hex));
    }

    [Fact]
    public void tries_left_of_an_already_verified_PIN_is_reported_as_verified()
    {
        var channel = new ScriptedChannel().Then(Ok).Then(Ok).Then(Ok);

        Assert.Equal(new PinStatus(true, null), new JpkiCardSession(channel).ReadPinTriesLeft());
    }

    [Theory]
    [InlineData("63 C0")]
    [InlineData("69 84")]
    [InlineData("69 83")]
    public void a_blocked_PIN_is_reported_when_reading_the_tries_left(string answer)
    {
        var channel = new ScriptedChannel().Then(Ok).Then(Ok).Then(answer);

        var error = Assert.Throws<CardException>(() => new JpkiCardSession(channel).ReadPinTriesLeft());

        Assert.Equal(CardProblem.PinBlocked, error.Problem);
        Assert.Equal(0, error.TriesLeft);
    }

    [Theory]
    [InlineData("63 C2", CardProblem.WrongPin, 2)]
    [InlineData("63 C1", CardProblem.WrongPin, 1)]
    [InlineData("63 C0", CardProblem.PinBlocked, 0)]
    [InlineData("69 84", CardProblem.PinBlocked, 0)]
    [InlineData("69 83", CardProblem.PinBlocked, 0)]
    public void a_refused_PIN_says_how_many_tries_are_left(string answer, CardProblem problem, int tries)
    {
        var channel = new ScriptedChannel().Then(Ok).Then(Ok).Then(answer);
        using var pin = PinBuffer.FromDigits("1111");

        var error = Assert.Throws<CardException>(() => new JpkiCardSession(channel).VerifyPin(pin));

        Assert.Equal(problem, error.Problem);
        Assert.Equal(tries, error.TriesLeft);
        Assert.DoesNotContain("1111", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_command_buffer_holding_the_PIN_is_cleared_once_the_card_has_answered()
    {
        // The session's VERIFY buffer is pinned; remember where it is while the card sees it.
        nint address = 0;
        var length = 0;
        var channel = new ScriptedChannel().Then(Ok).Then(Ok).Then(Ok);
        channel.OnTransmit = apdu =>
        {
            if (apdu.Length == JpkiCommands.VerifyPinLength)
            {
                address = Unsafe.ByteOffset(ref Unsafe.NullRef<byte>(), ref MemoryMarshal.GetReference(apdu));
                length = apdu.Length;
            }
        };
        using var pin = PinBuffer.FromDigits("5802");

        new JpkiCardSession(channel).VerifyPin(pin);

        var buffer = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AddByteOffset(ref Unsafe.NullRef<byte>(), address), length);
        Assert.Equal(new byte[length], buffer.ToArray());
        Assert.Equal("002000800435383032", Hex(channel.Sent[^1]));
    }

    [Fact]
    public void the_challenge_is_signed_as_a_SHA256_DigestInfo_after_selecting_the_key()
    {
        var nonce = RandomNumberGenerator.GetBytes(32);
        var signature = RandomNumberGenerator.GetBytes(256);
        var channel = new ScriptedChannel().Then(Ok).Then(Ok).Then(Answer(signature));

        Assert.Equal(signature, new JpkiCardSession(channel).SignChallenge(nonce));

        Assert.Equal("00A4020C020017", Hex(channel.Sent[1]));
        var expected = "802A008033" + "3031300D060960864801650304020105000420" + Convert.ToHexString(SHA256.HashData(nonce)) + "00";
        Assert.Equal(expected, Hex(channel.Sent[2]));
    }

    [Fact]
    public void a_T0_signature_is_fetched_with_GET_RESPONSE()
    {
        var signature = RandomNumberGenerator.GetBytes(256);
        var channel = new ScriptedChannel().Then(Ok).Then(Ok).Then("61 00").Then(Answer(signature));

        Assert.Equal(signature, new JpkiCardSession(channel).SignChallenge([1, 2, 3]));
        Assert.Equal("00C0000000", Hex(channel.Sent[^1]));
    }

    [Fact]
    public void signing_before_the_PIN_is_verified_says_so()
    {
        var channel = new ScriptedChannel().Then(Ok).Then(Ok).Then("69 82");

        var error = Assert.Throws<CardException>(() => new JpkiCardSession(channel).SignChallenge([1, 2, 3]));

        Assert.Equal((ushort)0x6982, error.StatusWord);
        Assert.Contains("PIN has not been verified", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void an_unknown_status_word_is_reported_with_its_hex()
    {
        var channel = new ScriptedChannel().Then(Ok).Then(Ok).Then("6F 00");

        var error = Assert.Throws<CardException>(() => new JpkiCardSession(channel).ReadPinTriesLeft());

        Assert.Equal(CardProblem.UnexpectedStatus, error.Problem);
        Assert.Equal((ushort)0x6F00, error.StatusWord);
        Assert.Contains("6F 00", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("90")]
    public void an_answer_without_both_status_bytes_is_a_truncated_response(string answer)
    {
        var channel = new ScriptedChannel().Then(answer);

        var error = Assert.Throws<CardException>(() => new JpkiCardSession(channel).SelectJpki());

        Assert.Equal(CardProblem.TruncatedResponse, error.Problem);
    }

    [Fact]
    public void the_JPKI_application_is_selected_once_per_session()
    {
        var channel = new ScriptedChannel().Then(Ok).Then(Ok).Then("63 C3").Then(Ok).Then("63 C3");
        var session = new JpkiCardSession(channel);

        session.ReadPinTriesLeft();
        session.ReadPinTriesLeft();

        Assert.Single(channel.Sent, c => c[1] == 0xA4 && c[2] == 0x04);
    }

    private static void AddChunks(ScriptedChannel channel)
    {
        for (var offset = 4; offset < Certificate.Length; offset += 256)
            channel.Then(Answer(Certificate.AsSpan(offset, Math.Min(256, Certificate.Length - offset))));
    }
}
