using System.Globalization;

namespace MynaEvents.EventStore;

/// <summary>
/// A place in the global order of events: the writing transaction's id, then the
/// sequence number drawn inside it. Every reader sees the same order, and no event
/// committed later can ever sort before a position that was already read.
/// </summary>
public readonly record struct Position(ulong TransactionId, long Sequence) : IComparable<Position>
{
    public static readonly Position Start = new(0, 0);

    public int CompareTo(Position other)
    {
        var byTransaction = TransactionId.CompareTo(other.TransactionId);
        return byTransaction != 0 ? byTransaction : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(Position left, Position right) => left.CompareTo(right) < 0;
    public static bool operator >(Position left, Position right) => left.CompareTo(right) > 0;
    public static bool operator <=(Position left, Position right) => left.CompareTo(right) <= 0;
    public static bool operator >=(Position left, Position right) => left.CompareTo(right) >= 0;

    /// <summary>"transaction:sequence", the form used in URLs and logs.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{TransactionId}:{Sequence}");

    public static bool TryParse(string? text, out Position position)
    {
        position = Start;
        if (string.IsNullOrEmpty(text)) return false;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return false;
        if (!ulong.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var tx)) return false;
        if (!long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)) return false;
        position = new Position(tx, seq);
        return true;
    }
}
