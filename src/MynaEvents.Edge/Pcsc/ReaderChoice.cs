using MynaEvents.Edge.Jpki;

namespace MynaEvents.Edge.Pcsc;

/// <summary>
/// Which reader the edge uses: the one configured by exact name, or else the first reader
/// holding a card (a reception usually has one reader; a laptop may have a built-in one too).
/// </summary>
public static class ReaderChoice
{
    /// <summary>
    /// The configured reader if it is connected (with or without a card), or with no
    /// configuration the first reader holding a card. Throws <see cref="CardProblem.NoReader"/>
    /// or <see cref="CardProblem.NoCard"/> otherwise.
    /// </summary>
    public static string Choose(ReaderSnapshot snapshot, string? configuredName)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (configuredName is not null)
            return EnsureConnected(snapshot, configuredName);
        if (snapshot.Readers.Count == 0)
            throw new CardException(CardProblem.NoReader, "No card reader is connected.");
        return snapshot.FirstWithCard()?.Name
            ?? throw new CardException(CardProblem.NoCard, $"No reader holds a card. Connected readers: {Describe(snapshot)}.");
    }

    /// <summary>
    /// The configured reader's name if a reader of exactly that name is connected; otherwise
    /// <see cref="CardProblem.NoReader"/> at once, naming the readers that are connected. Waiting
    /// for a card in a reader that is not there would only end with "no card" much later.
    /// </summary>
    public static string EnsureConnected(ReaderSnapshot snapshot, string configuredName)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(configuredName);
        return snapshot.Find(configuredName)?.Name
            ?? throw new CardException(CardProblem.NoReader,
                $"The configured reader '{configuredName}' is not connected. Connected readers: {Describe(snapshot)}.")
            {
                ConfiguredReader = configuredName,
                ConnectedReaders = [.. snapshot.Readers.Select(r => r.Name)],
            };
    }

    /// <summary>The same choice made on the readers as they are now.</summary>
    public static string Choose(PcscContext context, string? configuredName)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Choose(context.GetSnapshot(), configuredName);
    }

    private static string Describe(ReaderSnapshot snapshot) =>
        snapshot.Readers.Count == 0 ? "none" : string.Join(", ", snapshot.Readers.Select(r => $"'{r.Name}'"));
}
