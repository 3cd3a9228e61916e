using System.Security.Cryptography;
using System.Threading.Channels;
using MynaEvents.Edge.Jpki;
using MynaEvents.Edge.Pcsc.Native;

namespace MynaEvents.Edge.Pcsc;

/// <summary>What happens to the card when the edge lets go of it.</summary>
public enum CardDisposition
{
    /// <summary>SCARD_LEAVE_CARD: the card keeps its state (a verified PIN stays verified).</summary>
    Leave,
    /// <summary>SCARD_RESET_CARD: the card forgets its session, including a verified PIN.</summary>
    Reset,
}

/// <summary>The protocol the card and reader agreed on at connection.</summary>
public enum CardProtocol
{
    T0 = 1,
    T1 = 2,
}

/// <summary>
/// A connection to the card in one reader (SCardConnect, shared, T=0 or T=1). Disposing resets
/// the card, so a PIN verified in this session cannot be used by anyone after it. Every
/// exchange with the card is bounded by <see cref="ExchangeTimeout"/>: see <see cref="Transmit"/>.
/// </summary>
public sealed class PcscCard : IApduChannel, IDisposable
{
    /// <summary>
    /// The default bound on one exchange. A real card's slowest legitimate exchanges (an RSA-2048
    /// signature, a 2 KB certificate in one extended READ BINARY on a slow contactless reader)
    /// take one to two seconds; five times that still tells a hung card from a slow one, and
    /// staff hear about it long before the 40 s some driver stacks wait.
    /// </summary>
    public static readonly TimeSpan DefaultExchangeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The largest response APDU: 65,536 data bytes of an extended Le plus SW1 SW2.</summary>
    private const int MaxResponseLength = 65536 + 2;

    private readonly PcscCardHandle _handle;
    private readonly PcscContextHandle _context;
    private readonly uint _protocol;
    private readonly byte[] _response = new byte[MaxResponseLength];
    private volatile bool _hung;

    // This card's blocking library calls run one after another on one thread of its own, for the
    // connection's life: a thread started per call cost more than the card's answers themselves.
    private readonly Channel<Action> _calls = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _callerStart = new();
    private Thread? _caller;

    internal PcscCard(PcscCardHandle handle, PcscContextHandle context, uint protocol, string readerName, TimeSpan exchangeTimeout)
    {
        _handle = handle;
        _context = context;
        _protocol = protocol;
        ReaderName = readerName;
        ExchangeTimeout = exchangeTimeout;
    }

    public string ReaderName { get; }

    /// <summary>T=0 or T=1; other values (raw) do not happen with the T0|T1 connection the edge asks for.</summary>
    public CardProtocol Protocol => (CardProtocol)_protocol;

    /// <summary>How long one exchange (SCardTransmit, SCardBeginTransaction) may take before the card counts as hung.</summary>
    public TimeSpan ExchangeTimeout { get; }

    /// <summary>The context this card was connected on when it is the card's alone; released with the card.</summary>
    internal PcscContext? OwnedContext { get; set; }

    /// <summary>
    /// Sends one command APDU with the request header of the active protocol and returns data ‖
    /// SW1 SW2. A response without its two status bytes is <see cref="CardProblem.TruncatedResponse"/>:
    /// a card leaving the field mid-command can come back as "success" with nothing in it. A card
    /// that does not answer within <see cref="ExchangeTimeout"/> is <see cref="CardProblem.Timeout"/>,
    /// and the connection is then unusable (see <see cref="BoundedCall"/>).
    /// </summary>
    public byte[] Transmit(ReadOnlySpan<byte> apdu)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        ThrowIfHung("SCardTransmit");
        // The worker thread needs the command in an array of its own; pinned, so the garbage
        // collector leaves no copy of a VERIFY's PIN behind, and cleared by the worker when the
        // library is done with it (which, for a hung card, is after this method has returned).
        var command = GC.AllocateArray<byte>(apdu.Length, pinned: true);
        apdu.CopyTo(command);
        var (rv, received) = Bounded("SCardTransmit", "the card did not answer", () =>
        {
            try
            {
                var code = PcscNative.Transmit(_handle, _protocol, command, _response, out var length);
                return (code, length);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(command);
            }
        });
        if (rv != PcscConstants.Success)
            throw TransmitFailure(rv);
        if (received < 2)
            throw new CardException(CardProblem.TruncatedResponse,
                $"The card in reader '{ReaderName}' answered with {received} byte(s), without the two status bytes; it was probably taken out.");
        var answer = _response.AsSpan(0, received);
        var copy = answer.ToArray();
        answer.Clear();
        return copy;
    }

    /// <summary>
    /// Keeps other programs off the card until the returned scope is disposed (SCardBeginTransaction),
    /// so nothing can slip in between verifying the PIN and signing. Waiting for another program's
    /// transaction to end is bounded like an exchange.
    /// </summary>
    public IDisposable BeginTransaction()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        ThrowIfHung("SCardBeginTransaction");
        var rv = Bounded("SCardBeginTransaction", "another program kept the card to itself", () => PcscNative.BeginTransaction(_handle));
        if (rv != PcscConstants.Success)
            throw PcscError.ToException(rv, "SCardBeginTransaction", ReaderName);
        return new Transaction(this);
    }

    /// <summary>Lets go of the card (SCardDisconnect) with the given disposition. Later calls do nothing.</summary>
    /// <remarks>
    /// After a hung exchange the library call is still running; disposing then only marks the
    /// handle closed, and the disconnect happens when that call returns (the handle's reference
    /// count holds it), so this never blocks.
    /// </remarks>
    public void Disconnect(CardDisposition disposition)
    {
        if (_handle.IsClosed)
            return;
        _handle.Disposition = disposition == CardDisposition.Reset ? PcscConstants.ResetCard : PcscConstants.LeaveCard;
        // The caller thread ends after the call it is in, if any (a hung one, later).
        _calls.Writer.TryComplete();
        _handle.Dispose();
        OwnedContext?.Dispose();
    }

    /// <summary>Disconnects and resets the card.</summary>
    public void Dispose() => Disconnect(CardDisposition.Reset);

    private void ThrowIfHung(string operation)
    {
        if (_hung)
            throw new CardException(CardProblem.Timeout,
                $"{operation} on reader '{ReaderName}' not sent: the card has not answered an earlier command yet; take it off the reader and place it again.",
                pcscCode: PcscConstants.Timeout);
    }

    /// <summary>
    /// Runs one blocking library call on the card's caller thread and waits at most
    /// <see cref="ExchangeTimeout"/> for it. pcsc-lite gives SCardTransmit no timeout of its own
    /// and holds the context's lock for the whole call, so a hung card cannot be interrupted:
    /// the call is left to finish on that thread (it ends when the driver gives up or the card is
    /// taken out), this connection is marked hung, and the handles it uses stay referenced
    /// until then so nothing is released under it. Cards should be connected on a context of
    /// their own (see <see cref="PcscContext.ConnectOnOwnContext"/>) so the hung lock blocks no
    /// one else.
    /// </summary>
    private T Bounded<T>(string operation, string failure, Func<T> call)
    {
        bool cardReferenced = false, contextReferenced = false;
        _handle.DangerousAddRef(ref cardReferenced);
        try
        {
            _context.DangerousAddRef(ref contextReferenced);
        }
        catch
        {
            _handle.DangerousRelease();
            throw;
        }
        var work = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        EnsureCaller();
        var queued = _calls.Writer.TryWrite(() =>
        {
            try
            {
                work.SetResult(call());
            }
            catch (Exception e)
            {
                work.SetException(e);
            }
            finally
            {
                _context.DangerousRelease();
                _handle.DangerousRelease();
            }
        });
        if (!queued)
        {
            _context.DangerousRelease();
            _handle.DangerousRelease();
            throw new ObjectDisposedException(nameof(PcscCard));
        }

        // WaitAny, unlike Wait, does not throw for a failed call: its own exception surfaces below.
        if (Task.WaitAny([work.Task], ExchangeTimeout) == 0)
            return work.Task.GetAwaiter().GetResult();
        _hung = true;
        throw new CardException(CardProblem.Timeout,
            $"{operation} on reader '{ReaderName}': {failure} within {ExchangeTimeout.TotalSeconds:0.#} s; the connection was given up.",
            pcscCode: PcscConstants.Timeout);
    }

    private void EnsureCaller()
    {
        lock (_callerStart)
        {
            if (_caller is not null) return;
            var calls = _calls.Reader;
            _caller = new Thread(() =>
            {
                while (calls.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                    while (calls.TryRead(out var call)) call();
            })
            {
                IsBackground = true,
                Name = "PC/SC " + ReaderName,
            };
            _caller.Start();
        }
    }

    private CardException TransmitFailure(uint rv)
    {
        // Some drivers report a card pulled out mid-exchange as a generic failure; the card's own
        // status tells the truth.
        if (PcscError.ToProblem(rv) == CardProblem.ReaderError && CardIsGone())
        {
            return new CardException(CardProblem.CardRemoved,
                $"SCardTransmit on reader '{ReaderName}' failed ({PcscError.Name(rv)}) and the card is no longer there: it was taken out.",
                pcscCode: rv);
        }
        return PcscError.ToException(rv, "SCardTransmit", ReaderName);
    }

    private bool CardIsGone()
    {
        var rv = PcscNative.Status(_handle, out _);
        return rv is PcscConstants.RemovedCard or PcscConstants.NoSmartcard or PcscConstants.ResetCardWarning;
    }

    private sealed class Transaction(PcscCard card) : IDisposable
    {
        private bool _ended;

        public void Dispose()
        {
            // A hung card holds the library's lock: ending the transaction would wait for it.
            if (_ended || card._handle.IsClosed || card._hung)
                return;
            _ended = true;
            // Ending fails once the card is gone; there is nothing left to release then.
            _ = PcscNative.EndTransaction(card._handle, PcscConstants.LeaveCard);
        }
    }
}
