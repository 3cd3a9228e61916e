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
/// the card, so a PIN verified in this session cannot be used by anyone after it.
/// </summary>
public sealed class PcscCard : IApduChannel, IDisposable
{
    /// <summary>The largest response APDU: 65,536 data bytes of an extended Le plus SW1 SW2.</summary>
    private const int MaxResponseLength = 65536 + 2;

    private readonly PcscCardHandle _handle;
    private readonly uint _protocol;
    private readonly byte[] _response = new byte[MaxResponseLength];

    internal PcscCard(PcscCardHandle handle, uint protocol, string readerName)
    {
        _handle = handle;
        _protocol = protocol;
        ReaderName = readerName;
    }

    public string ReaderName { get; }

    /// <summary>T=0 or T=1; other values (raw) do not happen with the T0|T1 connection the edge asks for.</summary>
    public CardProtocol Protocol => (CardProtocol)_protocol;

    /// <summary>
    /// Sends one command APDU with the request header of the active protocol and returns data ‖
    /// SW1 SW2. A response without its two status bytes is <see cref="CardProblem.TruncatedResponse"/>:
    /// a card leaving the field mid-command can come back as "success" with nothing in it.
    /// </summary>
    public byte[] Transmit(ReadOnlySpan<byte> apdu)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var rv = PcscNative.Transmit(_handle, _protocol, apdu, _response, out var received);
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
    /// so nothing can slip in between verifying the PIN and signing.
    /// </summary>
    public IDisposable BeginTransaction()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var rv = PcscNative.BeginTransaction(_handle);
        if (rv != PcscConstants.Success)
            throw PcscError.ToException(rv, "SCardBeginTransaction", ReaderName);
        return new Transaction(this);
    }

    /// <summary>Lets go of the card (SCardDisconnect) with the given disposition. Later calls do nothing.</summary>
    public void Disconnect(CardDisposition disposition)
    {
        if (_handle.IsClosed)
            return;
        _handle.Disposition = disposition == CardDisposition.Reset ? PcscConstants.ResetCard : PcscConstants.LeaveCard;
        _handle.Dispose();
    }

    /// <summary>Disconnects and resets the card.</summary>
    public void Dispose() => Disconnect(CardDisposition.Reset);

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
            if (_ended || card._handle.IsClosed)
                return;
            _ended = true;
            // Ending fails once the card is gone; there is nothing left to release then.
            _ = PcscNative.EndTransaction(card._handle, PcscConstants.LeaveCard);
        }
    }
}
