using System.Globalization;
using MynaEvents.Server.Storage.Projections;

namespace MynaEvents.Server.Features.Projections;

/// <param name="Interval">Time between two progress lines.</param>
/// <param name="LeaderTimeout">How long to wait for a running server to take the rebuild.</param>
internal sealed record RebuildWatchOptions(TimeSpan Interval, TimeSpan LeaderTimeout)
{
    public static RebuildWatchOptions Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
}

/// <summary>
/// Follows a requested rebuild through the projection's checkpoint: first until the leader takes
/// it (the request cleared and a new start recorded), then, once per interval, events applied
/// against the events in the log, until the rebuild has finished and nothing in the log is left behind it.
/// </summary>
internal sealed class RebuildWatch(ProjectionAdmin admin, TextWriter output, RebuildWatchOptions options, TimeProvider time)
{
    public async Task<int> FollowAsync(string name, DateTimeOffset? previousStart, CancellationToken ct)
    {
        var checkpoint = await AwaitTakenAsync(name, previousStart, ct);
        if (checkpoint is null)
        {
            await output.WriteLineAsync(
                $"{name}: no running server took the rebuild within {options.LeaderTimeout.TotalSeconds:0} s. The rebuild is done by a running " +
                "MynaEvents server (the projection's leader): start one (make run). The request stays, and the leader carries it out when it starts.");
            return RebuildCommand.NoLeader;
        }

        // Progress is the projection's position in the global order against the events after it.
        var progress = await admin.ProgressAsync(checkpoint.Position, ct);
        var lastAt = time.GetTimestamp();
        double rate = 0;
        while (true)
        {
            await output.WriteLineAsync(ProgressLine(name, progress.Applied, progress.Applied + progress.Remaining, rate));
            if (progress.Remaining == 0 && checkpoint.RebuildFinishedAt is not null)
            {
                await output.WriteLineAsync($"{name}: rebuilt, caught up with the log");
                return RebuildCommand.Done;
            }
            await Task.Delay(options.Interval, time, ct);
            checkpoint = await FindAsync(name, ct);
            var now = time.GetTimestamp();
            var before = progress.Applied;
            progress = await admin.ProgressAsync(checkpoint.Position, ct);
            rate = (progress.Applied - before) / Math.Max(time.GetElapsedTime(lastAt, now).TotalSeconds, 0.001);
            lastAt = now;
        }
    }

    /// <summary><c>facility_checks: 123,456 / 1,000,000 events (12.3%), 45,678 ev/s</c>; 100% only when nothing is left.</summary>
    public static string ProgressLine(string name, long applied, long total, double eventsPerSecond)
    {
        var percent = total <= 0 || applied >= total ? 100.0 : Math.Floor(applied * 1000.0 / total) / 10;
        return string.Create(CultureInfo.InvariantCulture,
            $"{name}: {applied:N0} / {total:N0} events ({percent:0.0}%), {Math.Max(eventsPerSecond, 0):N0} ev/s");
    }

    private async Task<ProjectionCheckpoint?> AwaitTakenAsync(string name, DateTimeOffset? previousStart, CancellationToken ct)
    {
        var since = time.GetTimestamp();
        while (true)
        {
            var checkpoint = await FindAsync(name, ct);
            if (checkpoint is { RebuildRequestedAt: null, RebuildStartedAt: { } started } && started != previousStart) return checkpoint;
            if (time.GetElapsedTime(since) >= options.LeaderTimeout) return null;
            await Task.Delay(options.Interval, time, ct);
        }
    }

    private async Task<ProjectionCheckpoint> FindAsync(string name, CancellationToken ct) =>
        (await admin.ListAsync(ct)).FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"the checkpoint of projection {name} disappeared");
}
