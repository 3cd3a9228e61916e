using MynaEvents.Domain.Verification;

namespace MynaEvents.Domain.Tests.Verification;

public sealed class CertificateGraceTests
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    [Fact]
    public void a_certificate_is_usable_until_three_months_after_the_end_of_its_expiry_month()
    {
        var notAfter = new DateTimeOffset(2026, 5, 10, 12, 0, 0, Jst);
        var lastInstant = new DateTimeOffset(2026, 8, 31, 23, 59, 59, Jst).AddTicks(9_999_999);

        Assert.Equal(lastInstant, CertificateGrace.UsableUntil(notAfter));
        Assert.True(CertificateGrace.IsUsable(notAfter, lastInstant));
        Assert.False(CertificateGrace.IsUsable(notAfter, lastInstant.AddTicks(1)));
    }

    [Fact]
    public void the_expiry_month_is_read_in_JST()
    {
        // 2026-11-30T16:00Z is already December 1 in Japan: December + 3 months = end of March 2027.
        var notAfter = new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2027, 3, 31, 23, 59, 59, Jst).AddTicks(9_999_999), CertificateGrace.UsableUntil(notAfter));
    }
}
