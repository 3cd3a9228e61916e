using MynaEvents.Domain.Verification;

namespace MynaEvents.Domain.Tests.Verification;

/// <summary>Which times a card read may carry: not ahead of us, not before its device existed, not older than an offline hold, not past 翌月末.</summary>
public sealed class CardReadTimeTests
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 0, Jst);
    private static readonly DateTimeOffset Activated = new(2026, 6, 1, 9, 0, 0, Jst);
    private static readonly TimeSpan Skew = VerificationRules.ClockSkew;
    private static readonly TimeSpan Hold = CardReadTime.OfflineHoldLimit;

    /// <summary>The rule that refuses the read (always naming occurredAt), or null when it is accepted.</summary>
    private static string? RuleOf(DateTimeOffset occurredAt, DateTimeOffset? activated = null, DateTimeOffset? now = null)
    {
        var rejection = CardReadTime.Problem(occurredAt, activated ?? Activated, now ?? Now);
        if (rejection is null) return null;
        Assert.Equal("occurredAt", rejection.Field);
        return rejection.Rule;
    }

    [Fact]
    public void the_offline_hold_limit_covers_a_long_weekend_and_outlasts_the_offline_pin_challenges()
    {
        Assert.Equal(TimeSpan.FromHours(96), Hold);
        Assert.True(Hold > TimeSpan.FromHours(72)); // a PIN check queued that long already fails on its challenge first
    }

    [Fact]
    public void a_read_now_or_just_within_every_bound_is_accepted()
    {
        Assert.Null(RuleOf(Now));
        Assert.Null(RuleOf(Now + Skew)); // the edge's clock a little ahead
        Assert.Null(RuleOf(Now - Hold)); // held offline for exactly the limit
        Assert.Null(RuleOf(Activated - Skew, now: Activated.AddHours(1))); // the edge's clock a little behind at activation
    }

    [Fact]
    public void a_read_from_the_future_is_refused()
    {
        Assert.Contains("future", RuleOf(Now + Skew + TimeSpan.FromTicks(1)), StringComparison.Ordinal);
        Assert.Contains("future", RuleOf(Now.AddYears(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void a_read_held_offline_longer_than_the_limit_is_refused_naming_the_limit()
    {
        var rule = RuleOf(Now - Hold - TimeSpan.FromTicks(1));
        Assert.Contains("96 hours", rule, StringComparison.Ordinal);
        Assert.Contains("96 hours", RuleOf(Now.AddDays(-10)), StringComparison.Ordinal);
    }

    [Fact]
    public void a_read_before_its_device_was_activated_is_refused()
    {
        var activated = Now.AddHours(-2);
        Assert.Contains("activated", RuleOf(activated - Skew - TimeSpan.FromTicks(1), activated), StringComparison.Ordinal);
        Assert.Contains("activated", RuleOf(Now.AddHours(-50), activated), StringComparison.Ordinal);
        Assert.Null(RuleOf(activated - Skew, activated));
    }

    [Fact]
    public void a_read_dated_years_back_is_refused_for_its_翌月末_first()
    {
        var rule = RuleOf(new DateTimeOffset(2020, 1, 1, 10, 0, 0, Jst));
        Assert.Contains("翌月末", rule, StringComparison.Ordinal);
        Assert.Contains("2020-02-29", rule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-09-30T23:59:59+09:00", "2026-11-01T00:00:00+09:00", true)] // September's 翌月末 is 31 October
    [InlineData("2026-09-30T23:59:59+09:00", "2026-10-31T23:59:59+09:00", false)]
    [InlineData("2026-09-30T15:30:00+00:00", "2026-11-01T00:00:00+09:00", false)] // 1 October in Japan: kept until 30 November
    [InlineData("2026-10-31T14:59:59+00:00", "2026-12-01T00:00:00+09:00", true)] // 31 October 23:59 JST
    [InlineData("2026-12-31T12:00:00+09:00", "2027-01-31T23:59:59+09:00", false)] // across the year
    [InlineData("2026-12-31T12:00:00+09:00", "2027-02-01T00:00:00+09:00", true)]
    public void the_翌月末_bound_is_decided_on_the_japanese_date_of_the_read(string occurred, string now, bool refused)
    {
        var occurredAt = DateTimeOffset.Parse(occurred, System.Globalization.CultureInfo.InvariantCulture);
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);
        // A hold limit long enough that only 翌月末 can refuse: the rule stands on its own.
        var problem = CardReadTime.Problem(occurredAt, occurredAt.AddDays(-1), at, TimeSpan.FromDays(400));

        Assert.Equal(refused, problem is not null);
        if (problem is null) return;
        Assert.Equal("occurredAt", problem.Field);
        Assert.Contains("翌月末", problem.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void the_card_read_decision_applies_the_rule_and_writes_nothing_when_it_refuses()
    {
        CardRead Read(DateTimeOffset at) => new("v-1", "dev-1", "fac-judo", "fac-judo", JapanTime.DateOf(at), at,
            new CardCertificate("ab", "0a1b", "JPKI test CA", Now.AddYears(2)), new ReaderCapabilities(true, "reader"));

        var old = VerificationRules.ReadCard(VerificationState.Initial, Read(Now.AddDays(-5)), Now, Activated);
        Assert.Equal("occurredAt", old.Rejection!.Field);
        Assert.Empty(old.Events);

        var early = VerificationRules.ReadCard(VerificationState.Initial, Read(Now.AddHours(-3)), Now, deviceActivatedAt: Now.AddHours(-1));
        Assert.Contains("activated", early.Rejection!.Rule, StringComparison.Ordinal);

        Assert.True(VerificationRules.ReadCard(VerificationState.Initial, Read(Now.AddHours(-90)), Now, Activated).Accepted);
    }
}
