namespace MynaEvents.Domain.Time;

/// <summary>
/// JST (日本標準時): UTC+9 all year; Japan has no daylight saving time. Dates in the rules
/// (deadlines, "today", the operation start date) are calendar dates in JST.
/// </summary>
public static class JapanTime
{
    public static TimeSpan Offset { get; } = TimeSpan.FromHours(9);

    /// <summary>The calendar date in Japan at <paramref name="instant"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);
}
