namespace MynaEvents.Edge.Jpki;

/// <summary>
/// A card or reader failure the reception can act on. <see cref="Problem"/> says what happened;
/// the message is English for logs and never contains a PIN, certificate bytes or the card's
/// answers beyond status words.
/// </summary>
public sealed class CardException : Exception
{
    public CardException()
        : this(CardProblem.ReaderError, "The card reader failed.")
    {
    }

    public CardException(string message)
        : this(CardProblem.ReaderError, message)
    {
    }

    public CardException(string message, Exception innerException)
        : this(CardProblem.ReaderError, message, innerException: innerException)
    {
    }

    public CardException(CardProblem problem, string message, int? triesLeft = null, ushort? statusWord = null, uint? pcscCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Problem = problem;
        TriesLeft = triesLeft;
        StatusWord = statusWord;
        PcscCode = pcscCode;
    }

    /// <summary>What went wrong, in terms the reception screen maps to a message.</summary>
    public CardProblem Problem { get; }

    /// <summary>PIN tries left, when the card said so (wrong PIN: 2 or 1; blocked: 0).</summary>
    public int? TriesLeft { get; }

    /// <summary>The card's status word (SW1 SW2) when the failure came from the card.</summary>
    public ushort? StatusWord { get; }

    /// <summary>The PC/SC result code when the failure came from the reader stack.</summary>
    public uint? PcscCode { get; }

    /// <summary>
    /// For <see cref="CardProblem.NoReader"/> with a configured reader name: that name, so the
    /// screen can say which reader is missing.
    /// </summary>
    public string? ConfiguredReader { get; init; }

    /// <summary>
    /// For <see cref="CardProblem.NoReader"/>: the names of the readers that are connected, so
    /// staff can correct the setting. Names only; empty when none is connected.
    /// </summary>
    public IReadOnlyList<string> ConnectedReaders { get; init; } = [];
}
