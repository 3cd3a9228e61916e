namespace MynaEvents.Edge.Pcsc;

/// <summary>One reader as the PC/SC service last reported it.</summary>
public sealed class ReaderStatus
{
    internal ReaderStatus(string name, uint rawEventState, byte[] atr)
    {
        Name = name;
        RawEventState = rawEventState;
        Atr = atr;
    }

    /// <summary>The reader name exactly as the PC/SC service lists it.</summary>
    public string Name { get; }

    /// <summary>The state flags, without the event counter.</summary>
    public ReaderStates States => (ReaderStates)(RawEventState & 0xFFFF);

    /// <summary>Counts card insertions and removals (the high 16 bits of dwEventState on pcsc-lite; 0 where not kept).</summary>
    public int EventCount => (int)(RawEventState >> 16);

    /// <summary>The card's ATR, empty without a card. Contactless readers make up their own.</summary>
    public ReadOnlyMemory<byte> Atr { get; }

    /// <summary>A card is in the reader and answered the reset (not mute).</summary>
    public bool HasCard => States.HasFlag(ReaderStates.Present) && !States.HasFlag(ReaderStates.Mute);

    /// <summary>What to pass back as dwCurrentState to wait for the next change.</summary>
    internal uint RawEventState { get; }

    public override string ToString() => $"{Name}: {States}";
}
