namespace MynaEvents.Edge.Jpki;

/// <summary>The status words (SW1 SW2) the JPKI flow meets, and how to name them in messages.</summary>
internal static class StatusWords
{
    public const ushort Success = 0x9000;
    public const ushort WrongLength = 0x6700;
    public const ushort SecurityStatusNotSatisfied = 0x6982;
    public const ushort AuthenticationMethodBlocked = 0x6983;
    public const ushort ReferenceDataBlocked = 0x6984;
    public const ushort ConditionsNotSatisfied = 0x6985;
    public const ushort FileNotFound = 0x6A82;
    public const ushort IncorrectP1P2 = 0x6A86;
    public const ushort InsNotSupported = 0x6D00;
    public const ushort WrongP1P2OrEndOfFile = 0x6B00;
    public const ushort EndOfFileReached = 0x6282;

    /// <summary>SW1 of "xx more bytes ready: GET RESPONSE" (T=0).</summary>
    public const byte BytesAvailable = 0x61;

    /// <summary>SW1 of "wrong Le: the right one is xx" (T=0).</summary>
    public const byte WrongLe = 0x6C;

    /// <summary>SW1 SW2 high nibble of "verification failed, x tries left" (63 Cx).</summary>
    public const ushort TriesLeftMask = 0xFFF0;
    public const ushort TriesLeftBase = 0x63C0;

    /// <summary>Tries left in a 63 Cx answer, or null for any other status word.</summary>
    public static int? TriesLeft(ushort statusWord) =>
        (statusWord & TriesLeftMask) == TriesLeftBase ? statusWord & 0x0F : null;

    /// <summary>A PIN the card will not check any more: 69 84, and 69 83 treated the same.</summary>
    public static bool IsPinBlocked(ushort statusWord) =>
        statusWord is ReferenceDataBlocked or AuthenticationMethodBlocked;

    /// <summary>"6A 82 (file not found)".</summary>
    public static string Describe(ushort statusWord)
    {
        var meaning = statusWord switch
        {
            Success => "success",
            WrongLength => "wrong length",
            SecurityStatusNotSatisfied => "security status not satisfied",
            AuthenticationMethodBlocked => "authentication method blocked",
            ReferenceDataBlocked => "reference data blocked",
            ConditionsNotSatisfied => "conditions of use not satisfied",
            FileNotFound => "file not found",
            IncorrectP1P2 => "incorrect P1 P2",
            InsNotSupported => "instruction not supported",
            WrongP1P2OrEndOfFile => "wrong P1 P2 / beyond the end of the file",
            EndOfFileReached => "end of file reached before Le bytes",
            _ when TriesLeft(statusWord) is { } left => $"verification failed, {left} tries left",
            _ when statusWord >> 8 == BytesAvailable => "more response bytes available",
            _ when statusWord >> 8 == WrongLe => "wrong Le",
            _ => "unexpected status",
        };
        return $"{statusWord >> 8:X2} {statusWord & 0xFF:X2} ({meaning})";
    }

    /// <summary>The exception for a status word the step did not expect, naming the step and the SW.</summary>
    public static CardException Unexpected(string step, ushort statusWord) =>
        new(CardProblem.UnexpectedStatus, $"{step}: the card answered {Describe(statusWord)}.", statusWord: statusWord);
}
