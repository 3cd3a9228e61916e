using System.Security.Cryptography;

namespace MynaEvents.Edge.Jpki;

/// <summary>
/// The JPKI user-authentication flow on one card connection: recognise the card, read its
/// user-authentication certificate (mode A, 目視), read the PIN counter, verify the PIN and sign
/// a server challenge (mode B, 暗証番号). Each step selects the JPKI application first if this
/// session has not yet done so. Only the JPKI application is ever selected.
/// </summary>
public sealed class JpkiCardSession(IApduChannel channel)
{
    /// <summary>GET RESPONSE rounds allowed for one command; a real certificate needs at most a handful.</summary>
    private const int MaxResponseChain = 64;

    private static ReadOnlySpan<byte> Sha256DigestInfoPrefix =>
        [0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

    private readonly IApduChannel _channel = channel ?? throw new ArgumentNullException(nameof(channel));
    private bool _jpkiSelected;
    private ushort? _selectedFile;

    /// <summary>
    /// Selects the JPKI application. Anything but 90 00 means this is not a My Number card
    /// (contactless readers make up their own ATR, so this is how the card is recognised).
    /// </summary>
    public void SelectJpki()
    {
        _selectedFile = null; // selecting an application leaves no EF current
        var response = Exchange(JpkiCommands.SelectJpki());
        if (!response.IsSuccess)
            throw new CardException(CardProblem.NotMyNumberCard,
                $"The card is not a My Number card: selecting the JPKI application answered {StatusWords.Describe(response.StatusWord)}.",
                statusWord: response.StatusWord);
        _jpkiSelected = true;
    }

    /// <summary>
    /// Reads the user-authentication certificate (EF 000A, no PIN needed). Tries one
    /// extended-length READ BINARY for everything after the first four bytes; if the reader or
    /// card cannot, reads 256-byte chunks instead. The flag says which worked: the ministry
    /// requires extended-length readers for this service.
    /// </summary>
    public (byte[] Der, bool ReaderSupportsExtendedApdu) ReadAuthenticationCertificate()
    {
        EnsureJpkiSelected();
        SelectFile(JpkiCommands.AuthenticationCertificateFile, "Selecting the user-authentication certificate (EF 000A)");

        var head = Exchange(JpkiCommands.ReadBinary(0, 4));
        if (!head.IsSuccess)
            throw StatusWords.Unexpected("Reading the certificate's first bytes", head.StatusWord);
        var total = CertificateLength(head.Data);
        var der = new byte[total];
        head.Data.AsSpan(0, 4).CopyTo(der);

        var extended = TryReadExtended(der, offset: 4);
        if (!extended)
            ReadInChunks(der, offset: 4);
        return (der, extended);
    }

    /// <summary>
    /// Reads how many PIN tries are left without spending one (VERIFY without data). Throws
    /// <see cref="CardProblem.PinBlocked"/> when none is left.
    /// </summary>
    public PinStatus ReadPinTriesLeft()
    {
        EnsureJpkiSelected();
        SelectFile(JpkiCommands.AuthenticationPinFile, "Selecting the user-authentication PIN (EF 0018)");
        var response = Exchange(JpkiCommands.PinTriesLeft());
        if (response.IsSuccess)
            return new PinStatus(AlreadyVerified: true, TriesLeft: null);
        if (StatusWords.TriesLeft(response.StatusWord) is int left && left > 0)
            return new PinStatus(AlreadyVerified: false, TriesLeft: left);
        if (StatusWords.TriesLeft(response.StatusWord) == 0 || StatusWords.IsPinBlocked(response.StatusWord))
            throw PinBlocked(response.StatusWord);
        throw StatusWords.Unexpected("Reading the PIN tries left", response.StatusWord);
    }

    /// <summary>
    /// Verifies the patient's PIN. A wrong PIN throws <see cref="CardProblem.WrongPin"/> with the
    /// tries left; the last wrong try and any later one throw <see cref="CardProblem.PinBlocked"/>.
    /// The command buffer holding the PIN is cleared as soon as the card has answered.
    /// </summary>
    public void VerifyPin(PinBuffer pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        EnsureJpkiSelected();
        SelectFile(JpkiCommands.AuthenticationPinFile, "Selecting the user-authentication PIN (EF 0018)");

        var command = GC.AllocateArray<byte>(JpkiCommands.VerifyPinLength, pinned: true);
        ResponseApdu response;
        try
        {
            JpkiCommands.WriteVerifyPin(pin, command);
            response = Exchange(command, correctLe: false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(command);
        }

        if (response.IsSuccess)
            return;
        if (StatusWords.TriesLeft(response.StatusWord) is int left && left > 0)
            throw new CardException(CardProblem.WrongPin,
                left == 1 ? "The PIN was wrong; one try is left, and another wrong PIN blocks the card." : $"The PIN was wrong; {left} tries are left.",
                triesLeft: left, statusWord: response.StatusWord);
        if (StatusWords.TriesLeft(response.StatusWord) == 0 || StatusWords.IsPinBlocked(response.StatusWord))
            throw PinBlocked(response.StatusWord);
        throw StatusWords.Unexpected("Verifying the PIN", response.StatusWord);
    }

    /// <summary>
    /// Signs a server-issued challenge with the user-authentication key: the card gets the
    /// SHA-256 DigestInfo of <paramref name="nonce"/> and returns the 256-byte RSA PKCS#1 v1.5
    /// signature. The PIN must have been verified on this connection.
    /// </summary>
    public byte[] SignChallenge(ReadOnlySpan<byte> nonce)
    {
        if (nonce.IsEmpty)
            throw new ArgumentException("The challenge to sign is empty.", nameof(nonce));
        EnsureJpkiSelected();
        SelectFile(JpkiCommands.AuthenticationKeyFile, "Selecting the user-authentication key (EF 0017)");

        Span<byte> digestInfo = stackalloc byte[Sha256DigestInfoPrefix.Length + SHA256.HashSizeInBytes];
        Sha256DigestInfoPrefix.CopyTo(digestInfo);
        SHA256.HashData(nonce, digestInfo[Sha256DigestInfoPrefix.Length..]);

        var response = Exchange(JpkiCommands.Sign(digestInfo));
        if (response.StatusWord == StatusWords.SecurityStatusNotSatisfied)
            throw new CardException(CardProblem.UnexpectedStatus,
                $"The card refused to sign: the PIN has not been verified on this connection ({StatusWords.Describe(response.StatusWord)}).",
                statusWord: response.StatusWord);
        if (!response.IsSuccess)
            throw StatusWords.Unexpected("Signing the challenge", response.StatusWord);
        if (response.Data.Length != 256)
            throw new CardException(CardProblem.UnexpectedStatus,
                $"Signing the challenge: the card returned {response.Data.Length} bytes instead of a 256-byte RSA-2048 signature.",
                statusWord: response.StatusWord);
        return response.Data;
    }

    private void EnsureJpkiSelected()
    {
        if (!_jpkiSelected)
            SelectJpki();
    }

    /// <summary>Selects an EF of the JPKI application, unless it is the current one already (VERIFY and READ BINARY keep it).</summary>
    private void SelectFile(ushort fileId, string step)
    {
        if (_selectedFile == fileId) return;
        _selectedFile = null;
        var response = Exchange(JpkiCommands.SelectFile(fileId));
        if (!response.IsSuccess)
            throw StatusWords.Unexpected(step, response.StatusWord);
        _selectedFile = fileId;
    }

    /// <summary>One extended-length read of the rest of the file; false if the reader or card would not.</summary>
    private bool TryReadExtended(byte[] der, int offset)
    {
        ResponseApdu response;
        try
        {
            // No Le correction here: 6C xx to an extended Le means "short APDUs only".
            response = Exchange(JpkiCommands.ReadBinaryExtended(offset, der.Length - offset), correctLe: false);
        }
        catch (CardException e) when (e.Problem == CardProblem.ReaderError)
        {
            // A reader without extended-length support fails the exchange itself.
            return false;
        }
        if (!response.IsSuccess || response.Data.Length != der.Length - offset)
            return false;
        response.Data.CopyTo(der, offset);
        return true;
    }

    private void ReadInChunks(byte[] der, int offset)
    {
        while (offset < der.Length)
        {
            var length = Math.Min(JpkiCommands.ShortReadLimit, der.Length - offset);
            var response = Exchange(JpkiCommands.ReadBinary(offset, length));
            if (!response.IsSuccess)
                throw StatusWords.Unexpected($"Reading the certificate at offset {offset}", response.StatusWord);
            if (response.Data.Length == 0)
                throw new CardException(CardProblem.UnexpectedStatus,
                    $"Reading the certificate at offset {offset}: the card returned no data.", statusWord: response.StatusWord);
            var taken = Math.Min(response.Data.Length, der.Length - offset);
            response.Data.AsSpan(0, taken).CopyTo(der.AsSpan(offset));
            offset += taken;
        }
    }

    /// <summary>Total length of the DER certificate from its first four bytes (30 82 LL LL → LLLL + 4).</summary>
    internal static int CertificateLength(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 4 && head[0] == 0x30 && head[1] == 0x82)
        {
            var total = 4 + ((head[2] << 8) | head[3]);
            if (total <= JpkiCommands.MaxOffset + 1)
                return total;
        }
        throw new CardException(CardProblem.UnexpectedStatus,
            "The card holds no readable user-authentication certificate: EF 000A does not start with a DER SEQUENCE of 256 bytes to 32 KB (30 82 LL LL).");
    }

    /// <summary>
    /// Sends a command and completes the T=0 exchanges: 6C xx resends with Le = xx, 61 xx fetches
    /// the rest with GET RESPONSE until the card has said everything.
    /// </summary>
    private ResponseApdu Exchange(ReadOnlySpan<byte> command, bool correctLe = true)
    {
        var response = Send(command);
        if (response.Sw1 == StatusWords.WrongLe && correctLe && JpkiCommands.HasShortLe(command))
            response = Send(JpkiCommands.WithShortLe(command, response.Sw2));
        if (response.Sw1 != StatusWords.BytesAvailable)
            return response;

        var data = new List<byte>(response.Data);
        for (var round = 0; response.Sw1 == StatusWords.BytesAvailable; round++)
        {
            if (round == MaxResponseChain)
                throw new CardException(CardProblem.UnexpectedStatus,
                    $"The card kept announcing more data after {MaxResponseChain} GET RESPONSE commands.", statusWord: response.StatusWord);
            response = Send(JpkiCommands.GetResponse(response.Sw2));
            data.AddRange(response.Data);
        }
        return new ResponseApdu([.. data], response.StatusWord);
    }

    private ResponseApdu Send(ReadOnlySpan<byte> command)
    {
        JpkiCommands.EnsureAllowed(command);
        return ResponseApdu.Parse(_channel.Transmit(command));
    }

    private static CardException PinBlocked(ushort statusWord) =>
        new(CardProblem.PinBlocked,
            "The PIN is blocked after too many wrong tries; it must be reset at the municipal office.",
            triesLeft: 0, statusWord: statusWord);
}
