using MynaEvents.Server.Features.Dashboard;

namespace MynaEvents.Server.Tests.Dashboard;

public sealed class ShareTests
{
    [Theory]
    [InlineData(0, 0, "0.0")]
    [InlineData(0, 7, "0.0")]
    [InlineData(1, 2, "50.0")]
    [InlineData(2, 3, "66.7")]
    [InlineData(1, 3, "33.3")]
    [InlineData(1, 8, "12.5")]
    [InlineData(1, 16, "6.3")]
    [InlineData(30_617, 47_574, "64.4")]
    [InlineData(25_683, 47_574, "54.0")]
    [InlineData(9_128, 35_694, "25.6")]
    [InlineData(5_927, 35_694, "16.6")]
    [InlineData(4, 4, "100.0")]
    public void a_share_is_the_percentage_of_the_total_rounded_half_up_to_one_decimal(int count, int total, string percent)
    {
        var share = DashboardTally.ShareOf(count, total);

        Assert.Equal((count, percent), (share.Count, share.Percent.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
