namespace MynaEvents.Domain.Verification;

/// <summary>Japan Standard Time: UTC+9 all year, no daylight saving.</summary>
public static class JapanTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    /// <summary>The calendar date in Japan at an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>The last instant (to the tick) of a month in Japan.</summary>
    public static DateTimeOffset EndOfMonth(int year, int month)
    {
        var firstOfNext = new DateTime(year, month, 1).AddMonths(1);
        return new DateTimeOffset(firstOfNext, Offset).AddTicks(-1);
    }
}
