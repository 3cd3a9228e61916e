using System.Diagnostics.CodeAnalysis;

namespace MynaEvents.VirtualCard;

/// <summary>A misbehaviour the virtual card injects, so tests can drive the edge node's error paths.</summary>
[SuppressMessage("Design", "CA1034:Nested types should not be visible", Justification = "A closed set of faults reads best as CardFault.X.")]
public abstract record CardFault
{
    private CardFault()
    {
    }

    /// <summary>The card behaves.</summary>
    public static CardFault None { get; } = new NoFault();

    /// <summary>
    /// The card is pulled out in the middle of reading a file: after <paramref name="AfterReads"/>
    /// READ BINARY commands have been answered, the next one is not answered, and
    /// <see cref="JpkiCardEmulator.ShouldRemoveNow"/> tells the reader side to drop the card.
    /// </summary>
    public sealed record RemoveDuringReadBinary(int AfterReads) : CardFault;

    /// <summary>The first command with instruction <paramref name="Ins"/> answers a single byte (90) instead of a full status word.</summary>
    public sealed record TruncatedResponse(byte Ins) : CardFault;

    /// <summary>Every command with instruction <paramref name="Ins"/> answers <paramref name="StatusWord"/> and does nothing else.</summary>
    public sealed record UnknownStatus(byte Ins, ushort StatusWord) : CardFault;

    /// <summary>
    /// The card hangs once: the first command with instruction <paramref name="Ins"/>, and every
    /// command after it, gets no answer until the card is reset or powered off and on, as a chip
    /// that lost its footing in a weak field does; after that it behaves. It stays in the reader
    /// (the reader's presence polls are answered), so the reader side waits for an answer that
    /// never comes.
    /// </summary>
    public sealed record StopsAnswering(byte Ins) : CardFault;

    private sealed record NoFault : CardFault;
}
