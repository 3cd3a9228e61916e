namespace MynaEvents.Server.Privacy;

/// <summary>
/// Anything that keeps a readable copy of personal fields (a view, a cache) takes part in the
/// 翌月末 sweep: the sweeper calls every participant in the same pass that destroys the keys.
/// Reads must not depend on the sweep having run; they filter by the deadline themselves.
/// </summary>
public interface IRetentionParticipant
{
    /// <summary>A short name for logs and the sweep's report.</summary>
    string Name { get; }

    /// <summary>Removes (or blanks) every readable personal field whose deadline is at or before <paramref name="now"/>; returns how many rows changed.</summary>
    Task<int> DropExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
