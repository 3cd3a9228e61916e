using System.Globalization;

namespace MynaEvents.Domain.Verification;

/// <summary>
/// Which instant a card read may claim (<c>occurredAt</c>). The edge reads the card first and
/// may deliver the check later (a home visit without signal, an outage), so the time is the
/// edge's word; these bounds keep it to what a registered device could really have done.
/// </summary>
public static class CardReadTime
{
    /// <summary>
    /// How long a device may hold a check offline before its card read is refused: 96 hours.
    /// It covers a home-visit laptop without signal from Friday evening over a three-day
    /// weekend to Tuesday, and outlasts the 72 hours of the offline PIN challenges, so a PIN
    /// check queued that long is refused for its spent challenge, not for its age.
    /// </summary>
    public static readonly TimeSpan OfflineHoldLimit = TimeSpan.FromHours(96);

    /// <summary>Null when <paramref name="occurredAt"/> is acceptable now; otherwise the first bound it breaks.</summary>
    /// <param name="deviceActivatedAt">When the reading device was first activated (its first credential).</param>
    public static VerificationRejection? Problem(DateTimeOffset occurredAt, DateTimeOffset deviceActivatedAt, DateTimeOffset now) =>
        Problem(occurredAt, deviceActivatedAt, now, OfflineHoldLimit);

    /// <summary>As above, with the hold limit given: the rules are the same for any limit.</summary>
    public static VerificationRejection? Problem(DateTimeOffset occurredAt, DateTimeOffset deviceActivatedAt, DateTimeOffset now, TimeSpan offlineHoldLimit)
    {
        if (occurredAt > now + VerificationRules.ClockSkew)
            return Refuse("is in the future");
        var treatmentDate = JapanTime.DateOf(occurredAt);
        if (RetentionDeadline.IsPast(treatmentDate, now))
            return Refuse($"its 翌月末 (end of the month after treatment, {Day(RetentionDeadline.For(treatmentDate))} JST) has passed: " +
                          "a card read can no longer be recorded for that treatment date");
        if (occurredAt < deviceActivatedAt - VerificationRules.ClockSkew)
            return Refuse($"is before this device was activated ({deviceActivatedAt.ToOffset(JapanTime.Offset):yyyy-MM-dd HH:mm} JST): " +
                          "a device reads cards only after its activation");
        if (occurredAt < now - offlineHoldLimit)
            return Refuse($"is more than {offlineHoldLimit.TotalHours.ToString(CultureInfo.InvariantCulture)} hours ago: " +
                          "that is longer than a device may hold a check offline; confirm eligibility with a fallback document instead");
        return null;
    }

    private static VerificationRejection Refuse(string rule) => new("occurredAt", rule);

    private static string Day(DateTimeOffset instant) => JapanTime.DateOf(instant).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
