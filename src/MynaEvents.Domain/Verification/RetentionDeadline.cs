namespace MynaEvents.Domain.Verification;

/// <summary>
/// 翌月末: the end of the month after the treatment month, in JST. A check's result can be
/// looked up (and confirmed later) until then; afterwards it must be unreadable everywhere.
/// </summary>
public static class RetentionDeadline
{
    /// <summary>The last instant a check treated on <paramref name="treatmentDate"/> (a date in Japan) is retained.</summary>
    public static DateTimeOffset For(DateOnly treatmentDate)
    {
        var next = new DateOnly(treatmentDate.Year, treatmentDate.Month, 1).AddMonths(1);
        return JapanTime.EndOfMonth(next.Year, next.Month);
    }

    /// <summary>The deadline of a check treated at <paramref name="treatedAt"/>; the month is decided in JST, not UTC.</summary>
    public static DateTimeOffset For(DateTimeOffset treatedAt) => For(JapanTime.DateOf(treatedAt));

    public static bool IsPast(DateOnly treatmentDate, DateTimeOffset now) => now > For(treatmentDate);
}
