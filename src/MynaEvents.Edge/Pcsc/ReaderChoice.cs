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
        {
            return snapshot.Find(configuredName)?.Name
                ?? throw new CardException(CardProblem.NoReader,
                    $"The configured reader '{configuredName}' is not connected. Connected readers: {Describe(snapshot)}.");
        }
        if (snapshot.Readers.Count == 0)
            throw new CardException(CardProblem.NoReader, "No card reader is connected.");
        return snapshot.FirstWithCard()?.Name
            ?? throw new CardException(CardProblem.NoCard, $"No reader holds a card. Connected readers: {Describe(snapshot)}.");
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
