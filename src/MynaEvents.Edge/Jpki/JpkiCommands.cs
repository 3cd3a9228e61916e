namespace MynaEvents.Edge.Jpki;

/// <summary>
/// The command APDUs of the JPKI flow, built apart from sending them. Only the JPKI application
/// can be selected: the card-info application (券面事項入力補助AP) holds the individual number
/// and the basic four facts, which the edge never reads, so building a SELECT for it throws.
/// Inside the JPKI application only the user-authentication side can be selected: the signing
/// side (its certificate names the holder; its password is not the patient's PIN) is none of the
/// edge's business.
/// </summary>
internal static class JpkiCommands
{
    /// <summary>The JPKI application (公的個人認証AP).</summary>
    public static ReadOnlySpan<byte> JpkiAid => [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];

    /// <summary>券面事項入力補助AP: the card-info application. Listed only to be refused.</summary>
    public static ReadOnlySpan<byte> CardInfoAid => [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08];

    /// <summary>EF 000A: the user-authentication certificate (利用者証明用電子証明書).</summary>
    public const ushort AuthenticationCertificateFile = 0x000A;

    /// <summary>EF 000B: the CA certificate of the user-authentication certificate.</summary>
    public const ushort AuthenticationCaCertificateFile = 0x000B;

    /// <summary>EF 0018: the user-authentication PIN.</summary>
    public const ushort AuthenticationPinFile = 0x0018;

    /// <summary>EF 0017: the user-authentication private key.</summary>
    public const ushort AuthenticationKeyFile = 0x0017;

    /// <summary>Short READ BINARY reads at most this many bytes (Le = 00).</summary>
    public const int ShortReadLimit = 256;

    /// <summary>READ BINARY offsets are 15 bits: P1's top bit means something else.</summary>
    public const int MaxOffset = 0x7FFF;

    private const byte InsSelect = 0xA4;
    private const byte SelectByName = 0x04;
    private const byte SelectEfUnderCurrentDf = 0x02;
    private const byte NoResponseData = 0x0C;

    /// <summary>SELECT by DF name, no FCI back. Refuses the card-info application, also by a partial name.</summary>
    public static byte[] SelectApplication(ReadOnlySpan<byte> aid)
    {
        EnsureNotCardInfo(aid);
        return [0x00, InsSelect, SelectByName, NoResponseData, (byte)aid.Length, .. aid];
    }

    /// <summary>00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01.</summary>
    public static byte[] SelectJpki() => SelectApplication(JpkiAid);

    /// <summary>00 A4 02 0C 02 FID: an EF of the user-authentication side. Refuses any other EF.</summary>
    public static byte[] SelectFile(ushort fileId)
    {
        EnsureUserAuthenticationFile(fileId);
        return [0x00, InsSelect, SelectEfUnderCurrentDf, NoResponseData, 0x02, (byte)(fileId >> 8), (byte)fileId];
    }

    /// <summary>Whether an EF belongs to the user-authentication side: certificate, its CA, PIN, key.</summary>
    public static bool IsUserAuthenticationFile(ushort fileId) =>
        fileId is AuthenticationCertificateFile or AuthenticationCaCertificateFile or AuthenticationPinFile or AuthenticationKeyFile;

    /// <summary>00 B0 off-hi off-lo Le, for 1–256 bytes (256 is sent as Le = 00).</summary>
    public static byte[] ReadBinary(int offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, MaxOffset);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, ShortReadLimit);
        return [0x00, 0xB0, (byte)(offset >> 8), (byte)offset, (byte)length];
    }

    /// <summary>00 B0 off-hi off-lo 00 Le-hi Le-lo: one extended-length read of up to 65,536 bytes.</summary>
    public static byte[] ReadBinaryExtended(int offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, MaxOffset);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 65536);
        return [0x00, 0xB0, (byte)(offset >> 8), (byte)offset, 0x00, (byte)(length >> 8), (byte)length];
    }

    /// <summary>00 20 00 80 without data: asks for the tries left without spending one.</summary>
    public static byte[] PinTriesLeft() => [0x00, 0x20, 0x00, 0x80];

    /// <summary>Length of a VERIFY with a 4-digit PIN.</summary>
    public const int VerifyPinLength = 9;

    /// <summary>
    /// Writes 00 20 00 80 04 ‹4 ASCII digits› into <paramref name="destination"/>, a buffer the
    /// caller owns and clears; the PIN never lands in an array this class allocates.
    /// </summary>
    public static void WriteVerifyPin(PinBuffer pin, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(pin);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, VerifyPinLength);
        ReadOnlySpan<byte> header = [0x00, 0x20, 0x00, 0x80, PinBuffer.Length];
        header.CopyTo(destination);
        pin.CopyDigitsTo(destination[header.Length..]);
    }

    /// <summary>80 2A 00 80 33 ‹51-byte DigestInfo› 00: the card pads and signs with the key in EF 0017.</summary>
    public static byte[] Sign(ReadOnlySpan<byte> digestInfo)
    {
        if (digestInfo.Length is < 1 or > 255)
            throw new ArgumentOutOfRangeException(nameof(digestInfo), "A DigestInfo for a short APDU is 1–255 bytes.");
        return [0x80, 0x2A, 0x00, 0x80, (byte)digestInfo.Length, .. digestInfo, 0x00];
    }

    /// <summary>00 C0 00 00 xx: fetches what a T=0 card announced with 61 xx.</summary>
    public static byte[] GetResponse(byte length) => [0x00, 0xC0, 0x00, 0x00, length];

    /// <summary>The same short command with its Le replaced, as a T=0 card asks with 6C xx.</summary>
    public static byte[] WithShortLe(ReadOnlySpan<byte> command, byte le)
    {
        if (!HasShortLe(command))
            throw new ArgumentException("The command carries no short Le to correct.", nameof(command));
        var copy = command.ToArray();
        copy[^1] = le;
        return copy;
    }

    /// <summary>Whether the command is short case 2 (header + Le) or case 4 (header + Lc + data + Le).</summary>
    public static bool HasShortLe(ReadOnlySpan<byte> command) =>
        command.Length == 5 || (command.Length > 5 && command[4] != 0 && command.Length == 5 + command[4] + 1);

    /// <summary>
    /// The last check before anything reaches the card: a SELECT is let through only for the
    /// JPKI application by its full name or for an EF of its user-authentication side
    /// (000A, 000B, 0018, 0017). Every other SELECT could reach the card-info application or the
    /// signing side, so it is refused.
    /// </summary>
    public static void EnsureAllowed(ReadOnlySpan<byte> command)
    {
        if (command.Length < 4 || command[1] != InsSelect)
            return;
        var selectsJpki = command[2] == SelectByName && command.Length >= 5 && command[4] == JpkiAid.Length
            && command.Length >= 5 + JpkiAid.Length && command.Slice(5, JpkiAid.Length).SequenceEqual(JpkiAid);
        if (selectsJpki)
            return;
        if (command[2] == SelectEfUnderCurrentDf)
        {
            if (command.Length != 7 || command[4] != 2)
                throw new InvalidOperationException("Refused to send an EF SELECT that does not name one two-byte file id.");
            EnsureUserAuthenticationFile((ushort)((command[5] << 8) | command[6]));
            return;
        }
        throw new InvalidOperationException(
            "Refused to send a SELECT other than the JPKI application or one of its EFs: the edge never selects the card-info application (券面事項入力補助AP).");
    }

    private static void EnsureUserAuthenticationFile(ushort fileId)
    {
        if (!IsUserAuthenticationFile(fileId))
            throw new InvalidOperationException(
                $"Refused to select EF {fileId:X4}: the edge uses only the user-authentication side of the JPKI application (000A, 000B, 0018, 0017), never the signing side.");
    }

    private static void EnsureNotCardInfo(ReadOnlySpan<byte> aid)
    {
        // A partial DF name selects the first application whose name starts with it.
        if (aid.IsEmpty || CardInfoAid.StartsWith(aid) || aid.StartsWith(CardInfoAid))
            throw new InvalidOperationException(
                "Refused to build a SELECT for the card-info application (券面事項入力補助AP): it holds the individual number, which the edge never reads.");
    }
}
