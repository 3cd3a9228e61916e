namespace MynaEvents.Edge.Jpki;

/// <summary>
/// What went wrong with the card or the reader, in terms reception staff can act on. The PC/SC
/// and JPKI layers raise <see cref="CardException"/> with one of these; the reception screen
/// turns each into a message in Japanese or English.
/// </summary>
public enum CardProblem
{
    /// <summary>No PC/SC service (pcscd not running / Windows Smart Card service stopped).</summary>
    NoService,
    /// <summary>No reader is connected, or the named reader is not there.</summary>
    NoReader,
    /// <summary>The reader was unplugged during the operation.</summary>
    ReaderUnplugged,
    /// <summary>No card in the reader.</summary>
    NoCard,
    /// <summary>The card was taken out before the operation finished.</summary>
    CardRemoved,
    /// <summary>The card is not a My Number card (the JPKI application could not be selected).</summary>
    NotMyNumberCard,
    /// <summary>The PIN was wrong; <see cref="CardException.TriesLeft"/> says how many tries remain.</summary>
    WrongPin,
    /// <summary>The PIN is blocked after too many wrong tries; the patient must reset it at the municipal office.</summary>
    PinBlocked,
    /// <summary>The card answered with fewer than two bytes (treated like a removed card by the caller).</summary>
    TruncatedResponse,
    /// <summary>The card answered with a status word the flow does not expect.</summary>
    UnexpectedStatus,
    /// <summary>
    /// The card did not answer a command in time (the edge's own bound on every exchange, or the
    /// reader's): it moved on the reader or hung; placing it again resets it.
    /// </summary>
    Timeout,
    /// <summary>
    /// The reader could not power the card or get an answer to reset from it
    /// (SCARD_W_UNPOWERED_CARD, SCARD_W_UNRESPONSIVE_CARD): placed badly, the wrong way round, or
    /// not a chip card. Placing it again is the remedy, not the reader.
    /// </summary>
    CardUnresponsive,
    /// <summary>Any other PC/SC failure; the message carries the PC/SC code.</summary>
    ReaderError,
    /// <summary>PIN mode with the server out of reach and no pre-issued challenge left: check visually (目視) instead.</summary>
    NoChallenge,
}
