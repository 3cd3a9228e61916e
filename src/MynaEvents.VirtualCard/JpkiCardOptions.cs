namespace MynaEvents.VirtualCard;

/// <summary>How a virtual card behaves: its PINs and their tries, its reader's APDU lengths and an injected fault.</summary>
public sealed record JpkiCardOptions
{
    /// <summary>Tries a JPKI user-authentication PIN has when it is not blocked.</summary>
    public const int MaxPinTries = 3;

    /// <summary>The user-authentication PIN (利用者証明用暗証番号): 4 ASCII digits.</summary>
    public string Pin { get; init; } = "1234";

    /// <summary>PIN tries left when the card is inserted, 0 to <see cref="MaxPinTries"/>; 0 is a blocked card.</summary>
    public int PinTries { get; init; } = MaxPinTries;

    /// <summary>Tries a JPKI signing password has when it is not blocked.</summary>
    public const int MaxSigningPasswordTries = 5;

    public const int SigningPasswordMinLength = 6;

    public const int SigningPasswordMaxLength = 16;

    /// <summary>The signing password (署名用パスワード): 6–16 upper-case letters A–Z and digits. Nothing on the reception path uses it.</summary>
    public string SigningPassword { get; init; } = "MYNA2026";

    /// <summary>Signing password tries left when the card is inserted, 0 to <see cref="MaxSigningPasswordTries"/>; its counter is the card's own, apart from the PIN's.</summary>
    public int SigningPasswordTries { get; init; } = MaxSigningPasswordTries;

    /// <summary>
    /// Whether the reader carries extended-length APDUs. When false, the card behaves as behind a
    /// reader that only does short APDUs: every extended-length command answers 67 00.
    /// </summary>
    public bool ExtendedApdu { get; init; } = true;

    /// <summary>A misbehaviour to inject, for tests of the edge node's error handling.</summary>
    public CardFault Fault { get; init; } = CardFault.None;

    /// <summary>
    /// The fake individual number (個人番号) in the card-info application: 12 ASCII digits. The
    /// default has a valid check digit but is made up.
    /// </summary>
    public string FakeIndividualNumber { get; init; } = "123456789018";

    /// <summary>The clock that stamps the command log.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
