namespace MynaEvents.EventStore.Appending;

/// <summary>What an append wrote, or, for a repeated command, what the first send wrote.</summary>
/// <param name="FromVersion">The stream's version before the append.</param>
/// <param name="ToVersion">The stream's version after the append.</param>
/// <param name="Duplicate">True when the command id had been seen: nothing new was written.</param>
public sealed record AppendResult(
    string StreamId,
    long FromVersion,
    long ToVersion,
    Position First,
    Position Last,
    bool Duplicate)
{
    public int EventCount => (int)(ToVersion - FromVersion);
}
