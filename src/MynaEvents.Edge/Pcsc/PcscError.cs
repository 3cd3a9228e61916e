using System.Collections.Frozen;
using MynaEvents.Edge.Jpki;

namespace MynaEvents.Edge.Pcsc;

/// <summary>
/// PC/SC result codes: their names, a plain English explanation, and the
/// <see cref="CardProblem"/> the reception acts on. Codes are compared as <see cref="uint"/>:
/// pcsc-lite hands them back as positive longs, winscard as negative ints.
/// </summary>
public static class PcscError
{
    private static readonly FrozenDictionary<uint, (string Name, string Message)> Known = new Dictionary<uint, (string, string)>
    {
        [0x00000000] = ("SCARD_S_SUCCESS", "No error."),
        [0x80100001] = ("SCARD_F_INTERNAL_ERROR", "The PC/SC service hit an internal error."),
        [0x80100002] = ("SCARD_E_CANCELLED", "The wait was cancelled."),
        [0x80100003] = ("SCARD_E_INVALID_HANDLE", "The reader connection is no longer valid."),
        [0x80100004] = ("SCARD_E_INVALID_PARAMETER", "The PC/SC service rejected a parameter."),
        [0x80100005] = ("SCARD_E_INVALID_TARGET", "The PC/SC service's startup information is invalid."),
        [0x80100006] = ("SCARD_E_NO_MEMORY", "The PC/SC service ran out of memory."),
        [0x80100007] = ("SCARD_F_WAITED_TOO_LONG", "The PC/SC service waited too long for the reader."),
        [0x80100008] = ("SCARD_E_INSUFFICIENT_BUFFER", "The answer did not fit the buffer (the command or answer is too long for this reader)."),
        [0x80100009] = ("SCARD_E_UNKNOWN_READER", "No reader of that name is connected."),
        [0x8010000A] = ("SCARD_E_TIMEOUT", "The reader did not answer in time."),
        [0x8010000B] = ("SCARD_E_SHARING_VIOLATION", "Another program holds the card exclusively."),
        [0x8010000C] = ("SCARD_E_NO_SMARTCARD", "There is no card in the reader."),
        [0x8010000D] = ("SCARD_E_UNKNOWN_CARD", "The card is not of a known kind."),
        [0x8010000E] = ("SCARD_E_CANT_DISPOSE", "The reader could not eject or reset the card."),
        [0x8010000F] = ("SCARD_E_PROTO_MISMATCH", "The card does not speak the requested protocol (T=0 or T=1)."),
        [0x80100010] = ("SCARD_E_NOT_READY", "The reader or card is not ready."),
        [0x80100011] = ("SCARD_E_INVALID_VALUE", "The PC/SC service rejected a value."),
        [0x80100012] = ("SCARD_E_SYSTEM_CANCELLED", "The operating system cancelled the operation (shutdown or log-off)."),
        [0x80100013] = ("SCARD_F_COMM_ERROR", "Communication with the PC/SC service failed."),
        [0x80100014] = ("SCARD_F_UNKNOWN_ERROR", "The PC/SC service reported an unknown error."),
        [0x80100015] = ("SCARD_E_INVALID_ATR", "The card's ATR is invalid."),
        [0x80100016] = ("SCARD_E_NOT_TRANSACTED", "The exchange with the card failed."),
        [0x80100017] = ("SCARD_E_READER_UNAVAILABLE", "The reader is no longer available (unplugged?)."),
        [0x80100018] = ("SCARD_P_SHUTDOWN", "The operation was stopped so the PC/SC service can exit."),
        [0x80100019] = ("SCARD_E_PCI_TOO_SMALL", "The protocol control information buffer is too small."),
        [0x8010001A] = ("SCARD_E_READER_UNSUPPORTED", "The reader driver does not meet the requirements."),
        [0x8010001B] = ("SCARD_E_DUPLICATE_READER", "The reader driver created a duplicate reader name."),
        [0x8010001C] = ("SCARD_E_CARD_UNSUPPORTED", "The card does not meet the requirements."),
        [0x8010001D] = ("SCARD_E_NO_SERVICE", "The PC/SC service is not running (pcscd / Smart Card service)."),
        [0x8010001E] = ("SCARD_E_SERVICE_STOPPED", "The PC/SC service has stopped."),
        [0x8010001F] = ("SCARD_E_UNEXPECTED", "The PC/SC service reported an unexpected error or an unsupported feature."),
        [0x80100022] = ("SCARD_E_UNSUPPORTED_FEATURE", "The reader or card does not support this feature."),
        [0x80100027] = ("SCARD_E_NO_ACCESS", "Access to the reader was denied."),
        [0x8010002E] = ("SCARD_E_NO_READERS_AVAILABLE", "No card reader is connected."),
        [0x8010002F] = ("SCARD_E_COMM_DATA_LOST", "Data was lost in communication with the card."),
        [0x80100031] = ("SCARD_E_SERVER_TOO_BUSY", "The PC/SC service is too busy."),
        [0x80100065] = ("SCARD_W_UNSUPPORTED_CARD", "The reader cannot talk to this card (wrong kind of card?)."),
        [0x80100066] = ("SCARD_W_UNRESPONSIVE_CARD", "The card does not respond (inserted the wrong way round, or not a chip card?)."),
        [0x80100067] = ("SCARD_W_UNPOWERED_CARD", "The card has no power."),
        [0x80100068] = ("SCARD_W_RESET_CARD", "The card was reset by another program; its session is lost."),
        [0x80100069] = ("SCARD_W_REMOVED_CARD", "The card was taken out of the reader."),
        [0x8010006A] = ("SCARD_W_SECURITY_VIOLATION", "Access was denied for security reasons."),
    }.ToFrozenDictionary();

    /// <summary>The symbolic name, e.g. <c>SCARD_W_REMOVED_CARD</c>, or <c>0x…</c> for a code nobody named.</summary>
    public static string Name(uint code) => Known.TryGetValue(code, out var known) ? known.Name : Hex(code);

    /// <summary>One English sentence saying what the code means.</summary>
    public static string Explain(uint code) =>
        Known.TryGetValue(code, out var known) ? known.Message : $"The PC/SC service reported an unknown error ({Hex(code)}).";

    /// <summary>The reception-level problem a PC/SC code amounts to.</summary>
    public static CardProblem ToProblem(uint code) => code switch
    {
        0x8010001D or 0x8010001E => CardProblem.NoService,
        0x8010002E or 0x80100009 => CardProblem.NoReader,
        0x80100017 => CardProblem.ReaderUnplugged,
        0x8010000C => CardProblem.NoCard,
        0x80100069 or 0x80100068 => CardProblem.CardRemoved,
        0x8010000A => CardProblem.Timeout,
        // The card is there but does not power up or answer the reset: a placement problem.
        0x80100066 or 0x80100067 => CardProblem.CardUnresponsive,
        _ => CardProblem.ReaderError,
    };

    /// <summary>A <see cref="CardException"/> for a failed PC/SC call, e.g. "SCardTransmit on 'X' failed: …".</summary>
    public static CardException ToException(uint code, string operation, string? reader = null)
    {
        var where = reader is null ? operation : $"{operation} on reader '{reader}'";
        return new CardException(ToProblem(code), $"{where} failed: {Explain(code)} ({Name(code)}, {Hex(code)})", pcscCode: code);
    }

    private static string Hex(uint code) => $"0x{code:X8}";
}
