namespace MynaEvents.VirtualCard;

/// <summary>The application identifiers (AIDs) and file identifiers (FIDs) the virtual card answers to.</summary>
public static class CardIdentifiers
{
    /// <summary>The JPKI application (公的個人認証AP): the only one an edge node may select.</summary>
    public static ReadOnlySpan<byte> JpkiApplication => [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];

    /// <summary>
    /// The card-info application (券面事項入力補助AP). It holds the individual number, so the card
    /// records whether anyone selected it: an edge node never may.
    /// </summary>
    public static ReadOnlySpan<byte> CardInfoApplication => [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08];

    /// <summary>EF of the JPKI application: the user-authentication certificate (利用者証明用電子証明書), X.509 DER.</summary>
    public const ushort UserAuthenticationCertificate = 0x000A;

    /// <summary>EF of the JPKI application: the certificate of the CA that issued <see cref="UserAuthenticationCertificate"/>.</summary>
    public const ushort UserAuthenticationCaCertificate = 0x000B;

    /// <summary>EF of the JPKI application: the user-authentication PIN (4 digits). Select it before VERIFY.</summary>
    public const ushort UserAuthenticationPin = 0x0018;

    /// <summary>EF of the JPKI application: the user-authentication private key. Select it before SIGN.</summary>
    public const ushort UserAuthenticationKey = 0x0017;

    /// <summary>EF of the JPKI application: the signing certificate (署名用電子証明書). It names the holder, so a real card reads it out only after the signing password.</summary>
    public const ushort SigningCertificate = 0x0001;

    /// <summary>EF of the JPKI application: the certificate of the CA that issued <see cref="SigningCertificate"/>.</summary>
    public const ushort SigningCaCertificate = 0x0002;

    /// <summary>EF of the JPKI application: the signing private key. Select it before SIGN with the signing password verified.</summary>
    public const ushort SigningKey = 0x001A;

    /// <summary>EF of the JPKI application: the signing password (署名用パスワード, 6–16 upper-case letters and digits, 5 tries).</summary>
    public const ushort SigningPassword = 0x001B;

    /// <summary>
    /// EF of the card-info application holding the fake 12-digit individual number (個人番号) as
    /// ASCII digits. A real card wraps it in its own structure and guards it with a PIN of its
    /// own; the virtual card keeps it plain and open because it exists only to be caught.
    /// </summary>
    public const ushort IndividualNumber = 0x0001;
}
