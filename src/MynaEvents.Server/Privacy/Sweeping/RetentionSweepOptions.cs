namespace MynaEvents.Server.Privacy.Sweeping;

/// <summary>How often the server sweeps (MYNA_SWEEP_INTERVAL_SECONDS).</summary>
public sealed record RetentionSweepOptions
{
    public const string IntervalVariable = "MYNA_SWEEP_INTERVAL_SECONDS";

    /// <summary>Between passes; null turns the schedule off (then `sweep-retention` from cron must run instead).</summary>
    public TimeSpan? Interval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The interval as a cron expression (seconds first): passes fall on multiples of the interval
    /// in UTC (every 300 s: at :00, :05, …). Null when the schedule is off.
    /// </summary>
    public string? Cron => Interval is { } interval ? CronFor((int)interval.TotalSeconds) : null;

    private static string? CronFor(int seconds) => seconds switch
    {
        < 60 when 60 % seconds == 0 => $"*/{seconds} * * * * *",
        _ when seconds % 60 == 0 && seconds < 3600 && 3600 % seconds == 0 => $"0 */{seconds / 60} * * * *",
        _ when seconds % 3600 == 0 && seconds <= 86400 && 86400 % seconds == 0 => $"0 0 */{seconds / 3600} * * *",
        _ => null,
    };

    /// <summary>
    /// Unset: every 300 seconds. 0: no schedule. A malformed value stops the start rather than
    /// silently sweeping on a default: a missed sweep keeps shredded data in dumps longer.
    /// </summary>
    public static RetentionSweepOptions From(IConfiguration configuration)
    {
        var value = configuration[IntervalVariable];
        if (string.IsNullOrWhiteSpace(value)) return new RetentionSweepOptions();
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            throw new InvalidOperationException(
                $"{IntervalVariable} must be a whole number of seconds between retention sweeps (0 turns the schedule off).");
        if (seconds != 0 && CronFor(seconds) is null)
            throw new InvalidOperationException(
                $"{IntervalVariable} must divide a minute, an hour or a day (e.g. 30, 300, 3600): the sweep runs at multiples of it in UTC.");
        return new RetentionSweepOptions { Interval = seconds == 0 ? null : TimeSpan.FromSeconds(seconds) };
    }
}
