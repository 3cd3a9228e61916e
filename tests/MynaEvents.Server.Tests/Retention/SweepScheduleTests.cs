using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Server.Privacy;
using MynaEvents.Server.Privacy.Sweeping;
using MynaEvents.Testing;
using Wolverine;
using static MynaEvents.Server.Tests.Privacy.PrivacySamples;

namespace MynaEvents.Server.Tests.Retention;

/// <summary>The test server sweeping every second by itself, through Wolverine's recurring schedule.</summary>
public sealed class EverySecondSweepServer : ServerFactory
{
    public EverySecondSweepServer() => Settings[RetentionSweepOptions.IntervalVariable] = "1";
}

/// <summary>The sweep runs by itself on its schedule (a Wolverine recurring message), and not at all when it is off.</summary>
public sealed class SweepScheduleTests(EverySecondSweepServer server, SweepOffServer off)
    : IClassFixture<EverySecondSweepServer>, IClassFixture<SweepOffServer>
{
    [Fact]
    public async Task a_key_past_its_deadline_is_shredded_by_the_scheduled_sweep_without_anyone_asking()
    {
        var tenant = NewId("group");
        await server.Services.GetRequiredService<PersonalDataProtector>()
            .SealAsync(tenant, NewId("v"), DateTimeOffset.UtcNow.AddSeconds(2), Patient());
        Assert.Equal(1, await server.Database.ScalarAsync<long>($"select count(*) from myna.data_keys where tenant_id = '{tenant}'"));

        await Eventually.TrueAsync(
            async () => await server.Database.ScalarAsync<long>($"select count(*) from myna.data_keys where tenant_id = '{tenant}'") == 0,
            "the scheduled sweep shreds the key", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void the_schedule_is_one_recurring_message_and_none_when_the_interval_is_0()
    {
        Assert.NotNull(server.Services.GetRequiredService<WolverineOptions>().Schedules.FindByName(nameof(SweepRetention)));
        Assert.Null(off.Services.GetRequiredService<WolverineOptions>().Schedules.FindByName(nameof(SweepRetention)));
    }

    [Theory]
    [InlineData("1", "*/1 * * * * *")]
    [InlineData("30", "*/30 * * * * *")]
    [InlineData("300", "0 */5 * * * *")]
    [InlineData("3600", "0 0 */1 * * *")]
    [InlineData("21600", "0 0 */6 * * *")]
    public void the_interval_becomes_a_cron_at_its_multiples_in_UTC(string seconds, string cron) =>
        Assert.Equal(cron, RetentionSweepOptions.From(Configuration(seconds)).Cron);

    [Theory]
    [InlineData("7")]
    [InlineData("90")]
    [InlineData("5400")]
    public void an_interval_that_does_not_divide_a_minute_an_hour_or_a_day_stops_the_start(string seconds) =>
        Assert.Contains(RetentionSweepOptions.IntervalVariable,
            Assert.Throws<InvalidOperationException>(() => RetentionSweepOptions.From(Configuration(seconds))).Message, StringComparison.Ordinal);

    private static IConfiguration Configuration(string seconds) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection([new(RetentionSweepOptions.IntervalVariable, seconds)]).Build();
}
