namespace MynaEvents.Edge.Pcsc;

/// <summary>The SCARD_STATE_* flags of a reader (the low 16 bits of dwEventState).</summary>
[Flags]
public enum ReaderStates : uint
{
    Unaware = 0,
    Ignore = 0x0001,
    Changed = 0x0002,
    Unknown = 0x0004,
    Unavailable = 0x0008,
    Empty = 0x0010,
    Present = 0x0020,
    AtrMatch = 0x0040,
    Exclusive = 0x0080,
    InUse = 0x0100,
    Mute = 0x0200,
    Unpowered = 0x0400,
}
