namespace MynaEvents.Server.Privacy.Sweeping;

/// <summary>How often the server sweeps (MYNA_SWEEP_INTERVAL_SECONDS).</summary>
public sealed record RetentionSweepOptions
{
    public const string IntervalVariable = "MYNA_SWEEP_INTERVAL_SECONDS";

    /// <summary>Between passes; null turns the schedule off (then `sweep-retention` from cron must run instead).</summary>
    public TimeSpan? Interval { get; init; } = TimeSpan.FromMinutes(5);

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
        return new RetentionSweepOptions { Interval = seconds == 0 ? null : TimeSpan.FromSeconds(seconds) };
    }
}
