namespace MynaEvents.EligibilitySimulator.Lookups;

/// <summary>Counts what the lookup endpoint received, so tests can tell a retry (or a fast-failing circuit) from the outside.</summary>
public sealed record LookupStatisticsSnapshot(long Lookups, long Answered, long NotFound, long Errors, long Hangs, long Malformed, long Rejected);

internal sealed class LookupStatistics
{
    private long _lookups, _answered, _notFound, _errors, _hangs, _malformed, _rejected;

    public void Received() => Interlocked.Increment(ref _lookups);
    public void Answered() => Interlocked.Increment(ref _answered);
    public void NotFound() => Interlocked.Increment(ref _notFound);
    public void Error() => Interlocked.Increment(ref _errors);
    public void Hung() => Interlocked.Increment(ref _hangs);
    public void Malformed() => Interlocked.Increment(ref _malformed);
    public void Rejected() => Interlocked.Increment(ref _rejected);

    public LookupStatisticsSnapshot Snapshot() => new(
        Interlocked.Read(ref _lookups), Interlocked.Read(ref _answered), Interlocked.Read(ref _notFound),
        Interlocked.Read(ref _errors), Interlocked.Read(ref _hangs), Interlocked.Read(ref _malformed), Interlocked.Read(ref _rejected));
}
