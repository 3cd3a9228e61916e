using MynaEvents.Domain.Verification;

namespace MynaEvents.Domain.Tests.Verification;

public sealed class RetentionDeadlineTests
{
    private static DateTimeOffset Jst(int y, int m, int d, int h = 0, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.FromHours(9));

    [Theory]
    [InlineData("2026-01-31", "2026-02-28")] // treated on a month end; the next month is short
    [InlineData("2026-01-01", "2026-02-28")]
    [InlineData("2026-12-15", "2027-01-31")] // year change
    [InlineData("2027-12-31", "2028-01-31")]
    [InlineData("2028-01-15", "2028-02-29")] // leap February
    [InlineData("2100-01-10", "2100-02-28")] // 2100 is not a leap year
    [InlineData("2000-01-10", "2000-02-29")] // 2000 is
    [InlineData("2026-02-28", "2026-03-31")]
    [InlineData("2026-03-31", "2026-04-30")]
    [InlineData("2026-11-30", "2026-12-31")]
    public void a_result_is_kept_until_the_last_instant_of_the_following_month_in_JST(string treated, string lastDay)
    {
        var deadline = RetentionDeadline.For(DateOnly.Parse(treated, System.Globalization.CultureInfo.InvariantCulture));
        var day = DateOnly.Parse(lastDay, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(TimeSpan.FromHours(9), deadline.Offset);
        Assert.Equal(new DateTimeOffset(day.Year, day.Month, day.Day, 23, 59, 59, TimeSpan.FromHours(9)).AddTicks(9_999_999), deadline);
        Assert.False(RetentionDeadline.IsPast(DateOnly.Parse(treated, System.Globalization.CultureInfo.InvariantCulture), deadline));
        Assert.True(RetentionDeadline.IsPast(DateOnly.Parse(treated, System.Globalization.CultureInfo.InvariantCulture), deadline.AddTicks(1)));
    }

    [Fact]
    public void the_treatment_month_is_decided_in_JST_not_UTC()
    {
        // 2026-09-30T15:30Z is 2026-10-01 00:30 in Japan: an October treatment, kept until the end of November.
        var deadline = RetentionDeadline.For(new DateTimeOffset(2026, 9, 30, 15, 30, 0, TimeSpan.Zero));
        Assert.Equal(Jst(2026, 11, 30, 23, 59).AddSeconds(59).AddTicks(9_999_999), deadline);

        // One hour earlier it is still September 30 in Japan.
        Assert.Equal(Jst(2026, 10, 31, 23, 59).AddSeconds(59).AddTicks(9_999_999),
            RetentionDeadline.For(new DateTimeOffset(2026, 9, 30, 14, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void the_deadline_is_the_same_instant_whatever_offset_the_treatment_time_carries()
    {
        var inJst = RetentionDeadline.For(Jst(2026, 3, 1, 8));
        var inUtc = RetentionDeadline.For(new DateTimeOffset(2026, 2, 28, 23, 0, 0, TimeSpan.Zero));
        var inNewYork = RetentionDeadline.For(new DateTimeOffset(2026, 2, 28, 18, 0, 0, TimeSpan.FromHours(-5)));
        Assert.Equal(inJst, inUtc);
        Assert.Equal(inJst, inNewYork);
    }

    [Fact]
    public void japan_has_no_daylight_saving_so_every_month_end_is_at_plus_nine()
    {
        for (var month = 1; month <= 12; month++)
            Assert.Equal(TimeSpan.FromHours(9), RetentionDeadline.For(new DateOnly(2026, month, 10)).Offset);
    }
}
