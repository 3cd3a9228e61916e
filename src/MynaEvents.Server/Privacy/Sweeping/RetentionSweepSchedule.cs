using Wolverine;

namespace MynaEvents.Server.Privacy.Sweeping;

/// <summary>
/// The sweep's schedule as a Wolverine recurring message: one timer agent in the whole cluster
/// (the leader assigns it to one node and moves it when that node goes), which invokes
/// <see cref="SweepRetention"/> on that node and skips an occurrence while the previous pass is
/// still running. Missed occurrences (no node up, the agent moving) are not made up.
/// </summary>
internal static class RetentionSweepSchedule
{
    /// <summary>
    /// Registers the schedule (a Wolverine registration: it adds services, so it runs while the
    /// host is configured, from the configuration the host is built with).
    /// </summary>
    public static void ScheduleRetentionSweep(this WolverineOptions wolverine, IConfiguration configuration)
    {
        if (RetentionSweepOptions.From(configuration).Cron is { } cron)
            wolverine.Schedules.ScheduleRecurring<SweepRetention>(cron, TimeZoneInfo.Utc).SkipWhileRunning();
    }
}

/// <summary>Says at start that no pass runs by itself when the schedule is off.</summary>
internal sealed class RetentionSweepScheduleOff(RetentionSweepOptions options, ILogger<RetentionSweepOptions> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Interval is null)
            logger.LogWarning("Retention sweep schedule is off ({Variable}=0): run `sweep-retention` regularly instead", RetentionSweepOptions.IntervalVariable);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
