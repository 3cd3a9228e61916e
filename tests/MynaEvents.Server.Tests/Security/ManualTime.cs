namespace MynaEvents.Server.Tests.Security;

/// <summary>A clock the test moves: it starts at the real time and only jumps when told to.</summary>
public sealed class ManualTime : TimeProvider
{
    private long _utcTicks = DateTimeOffset.UtcNow.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
