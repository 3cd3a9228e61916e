namespace MynaEvents.Edge.Pcsc;

/// <summary>
/// All readers at one moment. Pass it back to <see cref="PcscContext.WaitForChangeAsync"/> to
/// wait for the next change after it: changes between two waits are never lost.
/// </summary>
public sealed class ReaderSnapshot
{
    internal ReaderSnapshot(IReadOnlyList<ReaderStatus> readers, uint pnpState)
    {
        Readers = readers;
        PnpState = pnpState;
    }

    public IReadOnlyList<ReaderStatus> Readers { get; }

    /// <summary>The plug-and-play pseudo-reader's last state (0 where plug-and-play is not supported).</summary>
    internal uint PnpState { get; }

    /// <summary>The reader with exactly this name, or null.</summary>
    public ReaderStatus? Find(string name) => Readers.FirstOrDefault(r => r.Name == name);

    /// <summary>The first reader holding a card, optionally only the named one.</summary>
    public ReaderStatus? FirstWithCard(string? readerName = null) =>
        Readers.FirstOrDefault(r => r.HasCard && (readerName is null || r.Name == readerName));
}
