using System.Diagnostics;
using MynaEvents.Edge.Jpki;
using MynaEvents.Edge.Pcsc.Native;

namespace MynaEvents.Edge.Pcsc;

/// <summary>
/// A connection to the PC/SC service (SCardEstablishContext): lists readers, waits for cards
/// and connects to them. One operation at a time per context; only cancellation may come from
/// another thread. A long wait on one context blocks card work on the same context, so a
/// program that watches readers while it talks to a card uses two contexts.
/// </summary>
public sealed class PcscContext : IDisposable
{
    /// <summary>
    /// Waits are cut into slices this long. SCardCancel only interrupts a wait already under way
    /// (pcsc-lite ignores it otherwise), so a cancellation that lands just before a wait starts
    /// is noticed at the end of the slice at the latest.
    /// </summary>
    private static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan ServiceRetryInterval = TimeSpan.FromMilliseconds(200);

    private readonly PcscContextHandle _handle;
    private bool _pnpSupported = true;

    private PcscContext(PcscContextHandle handle) => _handle = handle;

    /// <summary>Connects to the PC/SC service once; throws <see cref="CardProblem.NoService"/> when it is not running.</summary>
    public static PcscContext Establish()
    {
        var rv = PcscNative.EstablishContext(out var handle);
        if (rv == PcscConstants.Success)
            return new PcscContext(handle);
        handle.Dispose();
        throw PcscError.ToException(rv, "SCardEstablishContext");
    }

    /// <summary>
    /// Connects to the PC/SC service, retrying while it answers "no service" (pcscd still
    /// starting, or started on demand by the first client) for up to <paramref name="serviceWait"/>.
    /// </summary>
    public static async Task<PcscContext> EstablishAsync(TimeSpan serviceWait, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var rv = PcscNative.EstablishContext(out var handle);
            if (rv == PcscConstants.Success)
                return new PcscContext(handle);
            handle.Dispose();
            if (rv != PcscConstants.NoService || clock.Elapsed >= serviceWait)
                throw PcscError.ToException(rv, "SCardEstablishContext");
            await Task.Delay(ServiceRetryInterval, cancellationToken);
        }
    }

    /// <summary>The reader names as the PC/SC service lists them; empty when none is connected.</summary>
    public IReadOnlyList<string> ListReaders()
    {
        var rv = PcscNative.ListReaders(_handle, out var readers);
        if (rv != PcscConstants.Success)
            throw PcscError.ToException(rv, "SCardListReaders");
        return readers;
    }

    /// <summary>Every reader's state now, without waiting.</summary>
    public ReaderSnapshot GetSnapshot()
    {
        // A reader can vanish between listing and asking about it: list again then.
        for (var attempt = 0; ; attempt++)
        {
            var names = ListReaders();
            var entries = Entries(names.Select(n => (n, (uint)ReaderStates.Unaware)), pnpState: 0);
            var rv = PcscNative.GetStatusChange(_handle, 0, entries);
            if (rv is PcscConstants.Success or PcscConstants.Timeout)
                return ToSnapshot(entries);
            if (rv is not (PcscConstants.UnknownReader or PcscConstants.ReaderUnavailable) || attempt == 2)
                throw PcscError.ToException(rv, "SCardGetStatusChange");
        }
    }

    /// <summary>
    /// Waits until something differs from <paramref name="known"/>: a card put in or taken out, a
    /// reader plugged in or out. Returns the new snapshot, or null when <paramref name="timeout"/>
    /// passes first (<see cref="Timeout.InfiniteTimeSpan"/> waits for ever).
    /// </summary>
    public async Task<ReaderSnapshot?> WaitForChangeAsync(ReaderSnapshot known, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(known);
        var clock = Stopwatch.StartNew();
        using var registration = cancellationToken.Register(CancelWait);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var remaining = timeout == Timeout.InfiniteTimeSpan ? WaitSlice : timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
                return null;
            var slice = remaining < WaitSlice ? remaining : WaitSlice;
            var changed = await Task.Run(() => WaitOnce(known, slice, cancellationToken), CancellationToken.None);
            if (changed is not null)
                return changed;
        }
    }

    /// <summary>
    /// Waits for a card in the named reader, or in any reader when <paramref name="readerName"/> is
    /// null, and returns that reader's name; null when <paramref name="timeout"/> passes first. A
    /// named reader that is not plugged in yet is waited for too.
    /// </summary>
    public async Task<string?> WaitForCardAsync(string? readerName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var snapshot = await Task.Run(GetSnapshot, cancellationToken);
        while (true)
        {
            if (snapshot.FirstWithCard(readerName) is { } reader)
                return reader.Name;
            var remaining = timeout == Timeout.InfiniteTimeSpan ? timeout : timeout - clock.Elapsed;
            if (remaining != Timeout.InfiniteTimeSpan && remaining <= TimeSpan.Zero)
                return null;
            var next = await WaitForChangeAsync(snapshot, remaining, cancellationToken);
            if (next is null)
                return null;
            snapshot = next;
        }
    }

    /// <summary>
    /// Waits until the named reader holds no card (taken out, or the reader unplugged). True
    /// once it is empty, false when <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<bool> WaitForRemovalAsync(string readerName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readerName);
        var clock = Stopwatch.StartNew();
        var snapshot = await Task.Run(GetSnapshot, cancellationToken);
        while (true)
        {
            if (snapshot.Find(readerName) is not { HasCard: true })
                return true;
            var remaining = timeout == Timeout.InfiniteTimeSpan ? timeout : timeout - clock.Elapsed;
            if (remaining != Timeout.InfiniteTimeSpan && remaining <= TimeSpan.Zero)
                return false;
            var next = await WaitForChangeAsync(snapshot, remaining, cancellationToken);
            if (next is null)
                return false;
            snapshot = next;
        }
    }

    /// <summary>
    /// Connects to the card in the named reader, shared, T=0 or T=1 as the card prefers. Each
    /// exchange with it may take at most <paramref name="exchangeTimeout"/>
    /// (<see cref="PcscCard.DefaultExchangeTimeout"/> when null). A card that hangs keeps this
    /// context's lock until the library gives up: for reception, use <see cref="ConnectOnOwnContext"/>.
    /// </summary>
    public PcscCard Connect(string readerName, TimeSpan? exchangeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(readerName);
        var bound = exchangeTimeout ?? PcscCard.DefaultExchangeTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bound, TimeSpan.Zero, nameof(exchangeTimeout));
        var rv = PcscNative.Connect(_handle, readerName, PcscConstants.ShareShared,
            PcscConstants.ProtocolT0 | PcscConstants.ProtocolT1, out var card, out var protocol);
        if (rv != PcscConstants.Success)
        {
            card.Dispose();
            throw PcscError.ToException(rv, "SCardConnect", readerName);
        }
        return new PcscCard(card, _handle, protocol, readerName, bound);
    }

    /// <summary>
    /// Connects to the card on a context of its own, released with the card. pcsc-lite holds a
    /// context's lock for the whole of an exchange, so a hung card would also stall every wait
    /// and status query on a shared context; on its own context it stalls nothing else. The
    /// connection itself is bounded like an exchange: pcscd makes SCardConnect wait while
    /// another program holds the card in a transaction.
    /// </summary>
    public static PcscCard ConnectOnOwnContext(string readerName, TimeSpan? exchangeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(readerName);
        var bound = exchangeTimeout ?? PcscCard.DefaultExchangeTimeout;
        var context = Establish();
        var connecting = Task.Factory.StartNew(() => context.Connect(readerName, bound),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (Task.WaitAny([connecting], bound) != 0)
        {
            // The call cannot be interrupted: whatever it ends with is let go of then.
            _ = connecting.ContinueWith(done =>
            {
                if (done.IsCompletedSuccessfully)
                    done.Result.Dispose();
                context.Dispose();
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            throw new CardException(CardProblem.Timeout,
                $"SCardConnect on reader '{readerName}': the card was not free (another program kept it) or did not answer within {bound.TotalSeconds:0.#} s.",
                pcscCode: PcscConstants.Timeout);
        }
        try
        {
            var card = connecting.GetAwaiter().GetResult();
            card.OwnedContext = context;
            return card;
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        CancelWait();
        _handle.Dispose();
    }

    /// <summary>One slice of waiting: the new snapshot if anything changed, null if nothing did.</summary>
    private ReaderSnapshot? WaitOnce(ReaderSnapshot known, TimeSpan slice, CancellationToken cancellationToken)
    {
        var names = ListReaders();
        // A reader plugged in or out since the snapshot is a change already.
        if (!names.SequenceEqual(known.Readers.Select(r => r.Name)))
            return GetSnapshot();
        if (names.Count == 0 && !_pnpSupported)
        {
            // Nothing to wait on: look again after the slice.
            cancellationToken.WaitHandle.WaitOne(slice);
            return null;
        }

        var entries = Entries(known.Readers.Select(r => (r.Name, r.RawEventState)), known.PnpState);
        cancellationToken.ThrowIfCancellationRequested();
        var rv = PcscNative.GetStatusChange(_handle, (uint)Math.Max(1, slice.TotalMilliseconds), entries);
        switch (rv)
        {
            case PcscConstants.Success:
                var snapshot = ToSnapshot(entries);
                var pnpChanged = _pnpSupported && (snapshot.PnpState & (uint)ReaderStates.Changed) != 0;
                return pnpChanged ? GetSnapshot() : snapshot;
            case PcscConstants.Timeout:
                return null;
            case PcscConstants.Cancelled:
                throw new OperationCanceledException("The wait for a reader change was cancelled.", cancellationToken);
            case PcscConstants.UnknownReader or PcscConstants.ReaderUnavailable:
                return GetSnapshot();
            default:
                throw PcscError.ToException(rv, "SCardGetStatusChange");
        }
    }

    private ReaderStateEntry[] Entries(IEnumerable<(string Name, uint State)> readers, uint pnpState)
    {
        var entries = readers.Select(r => new ReaderStateEntry(r.Name, r.State));
        return _pnpSupported ? [.. entries, new ReaderStateEntry(PcscConstants.PnpNotificationReader, pnpState)] : [.. entries];
    }

    private ReaderSnapshot ToSnapshot(ReaderStateEntry[] entries)
    {
        var pnpState = 0u;
        var readers = new List<ReaderStatus>(entries.Length);
        foreach (var entry in entries)
        {
            if (entry.Reader == PcscConstants.PnpNotificationReader)
            {
                // A library without plug-and-play notification reports the pseudo-reader as unknown.
                if ((entry.EventState & (uint)ReaderStates.Unknown) != 0)
                    _pnpSupported = false;
                else
                    pnpState = entry.EventState;
                continue;
            }
            readers.Add(new ReaderStatus(entry.Reader, entry.EventState, entry.Atr));
        }
        return new ReaderSnapshot(readers, pnpState);
    }

    private void CancelWait()
    {
        try
        {
            if (!_handle.IsClosed)
                PcscNative.Cancel(_handle);
        }
        catch (ObjectDisposedException)
        {
            // Disposed concurrently: nothing is waiting any more.
        }
    }
}
