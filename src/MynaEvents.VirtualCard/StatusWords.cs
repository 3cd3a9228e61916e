namespace MynaEvents.VirtualCard;

/// <summary>The ISO 7816-4 status words (SW1 SW2) the virtual card answers with.</summary>
internal static class StatusWords
{
    public const ushort Success = 0x9000;
    public const ushort EndOfFileBeforeNe = 0x6282;
    /// <summary>63Cx: wrong PIN, x tries left; add the count.</summary>
    public const ushort WrongPinTriesLeft = 0x63C0;
    public const ushort WrongLength = 0x6700;
    public const ushort IncompatibleWithFileStructure = 0x6981;
    public const ushort SecurityStatusNotSatisfied = 0x6982;
    public const ushort PinBlocked = 0x6984;
    public const ushort NoCurrentEf = 0x6986;
    public const ushort IncorrectData = 0x6A80;
    public const ushort FileNotFound = 0x6A82;
    public const ushort IncorrectP1P2 = 0x6A86;
    public const ushort OffsetOutsideFile = 0x6B00;
    public const ushort InstructionNotSupported = 0x6D00;
    public const ushort ClassNotSupported = 0x6E00;
}
