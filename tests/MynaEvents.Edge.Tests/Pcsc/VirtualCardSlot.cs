using MynaEvents.Edge.Pcsc;
using MynaEvents.VirtualCard;

namespace MynaEvents.Edge.Tests.Pcsc;

/// <summary>
/// A test's virtual reader: puts virtual My Number cards into it through vpcd and takes them
/// out again. Disposing removes the card and checks that no card was ever asked to select the
/// card-info application or a file of the JPKI application's signing side.
/// </summary>
public sealed class VirtualCardSlot : IAsyncDisposable
{
    private static readonly TimeSpan CardPatience = TimeSpan.FromSeconds(10);

    private readonly List<(JpkiCardEmulator Emulator, TestCard Card)> _cards = [];
    private VpcdCardConnection? _inserted;

    public VirtualCardSlot(VirtualReader reader) => Reader = reader;

    public VirtualReader Reader { get; }

    /// <summary>For tests of third-party middleware, which reads the signing side: the edge itself never may.</summary>
    public bool AllowSigningSide { get; init; }

    public TestCardAuthority Authority { get; } = TestCardAuthority.Create();

    /// <summary>Issues a card, inserts it and waits until pcscd reports it present.</summary>
    public async Task<(JpkiCardEmulator Emulator, TestCard Card)> InsertAsync(JpkiCardOptions? options = null)
    {
        var card = Authority.IssueCard();
        var emulator = new JpkiCardEmulator(card, Authority.Certificate, options);
        _cards.Add((emulator, card));
        _inserted = await VpcdCardConnection.InsertAsync(emulator, Reader.Port);
        using var context = PcscContext.Establish();
        if (await context.WaitForCardAsync(Reader.Name, CardPatience) is null)
            throw new TimeoutException($"pcscd did not see the virtual card in '{Reader.Name}' within {CardPatience.TotalSeconds:0} s.");
        return (emulator, card);
    }

    /// <summary>Takes the card out and waits until pcscd reports the reader empty.</summary>
    public async Task RemoveAsync()
    {
        if (_inserted is null)
            return;
        await _inserted.RemoveAsync();
        _inserted = null;
        using var context = PcscContext.Establish();
        if (!await context.WaitForRemovalAsync(Reader.Name, CardPatience))
            throw new TimeoutException($"pcscd still reports a card in '{Reader.Name}' {CardPatience.TotalSeconds:0} s after it was removed.");
    }

    public async ValueTask DisposeAsync()
    {
        await RemoveAsync();
        foreach (var (emulator, card) in _cards)
        {
            card.Dispose();
            Assert.False(emulator.CardInfoApplicationSelected, "The card-info application (券面事項入力補助AP) was selected.");
            if (!AllowSigningSide)
                Assert.DoesNotContain(emulator.Log, e => e.Ins == 0xA4 && e.SelectedId is "0001" or "0002" or "001A" or "001B");
        }
        Authority.Dispose();
    }
}
