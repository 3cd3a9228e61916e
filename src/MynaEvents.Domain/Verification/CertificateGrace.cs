namespace MynaEvents.Domain.Verification;

/// <summary>
/// Eligibility may still be confirmed for three months after the card's user-authentication
/// certificate expires, counted from the end of its expiry month (in JST). A card is never
/// refused on the certificate's NotAfter alone.
/// </summary>
public static class CertificateGrace
{
    public static DateTimeOffset UsableUntil(DateTimeOffset notAfter)
    {
        var expiryMonth = JapanTime.DateOf(notAfter);
        var last = new DateOnly(expiryMonth.Year, expiryMonth.Month, 1).AddMonths(3);
        return JapanTime.EndOfMonth(last.Year, last.Month);
    }

    public static bool IsUsable(DateTimeOffset notAfter, DateTimeOffset at) => at <= UsableUntil(notAfter);
}
