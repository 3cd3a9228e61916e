using System.Globalization;
using MynaEvents.Server.Privacy;
using MynaEvents.Server.Privacy.Sweeping;
using MynaEvents.Server.Tests.Privacy;
using Microsoft.Extensions.DependencyInjection;
using static MynaEvents.Server.Tests.Privacy.PrivacySamples;

namespace MynaEvents.Server.Tests.Retention;

/// <summary>The sweep pass itself: one process at a time, every participant, failures reported, and the command line.</summary>
public sealed class SweepTests(RetentionServer server) : IClassFixture<RetentionServer>
{
    private Task<long> KeyRowsAsync(string tenant) =>
        server.Database.ScalarAsync<long>($"select count(*) from myna.data_keys where tenant_id = '{tenant}'");

    /// <summary>Seals a check whose deadline is a minute from the server's now.</summary>
    private async Task<(string Tenant, DateTimeOffset Deadline)> SealDueSoonAsync()
    {
        var tenant = NewId("group");
        var deadline = server.Time.GetUtcNow().AddMinutes(1);
        await server.Services.GetRequiredService<PersonalDataProtector>().SealAsync(tenant, NewId("v"), deadline, Patient());
        Assert.Equal(1, await KeyRowsAsync(tenant));
        return (tenant, deadline);
    }

    [Fact]
    public async Task while_one_process_sweeps_another_skips_without_error_and_sweeps_once_the_first_is_done()
    {
        var entered = server.Participant.HoldNextPass();
        var first = server.Sweeper.TrySweepAsync(server.Time.GetUtcNow());
        await entered();

        var second = await server.Sweeper.TrySweepAsync(server.Time.GetUtcNow());

        Assert.Null(second);
        server.Participant.Release();
        Assert.NotNull(await first);
        Assert.NotNull(await server.Sweeper.TrySweepAsync(server.Time.GetUtcNow()));
    }

    [Fact]
    public async Task one_pass_shreds_the_due_keys_and_asks_every_participant_up_to_the_same_instant()
    {
        var (tenant, deadline) = await SealDueSoonAsync();
        server.MoveClockPast(deadline);
        var now = server.Time.GetUtcNow();

        var report = await server.Sweeper.TrySweepAsync(now);

        Assert.NotNull(report);
        Assert.Equal(now, report.Now);
        Assert.True(report.KeysShredded >= 1);
        Assert.Equal(0, await KeyRowsAsync(tenant));
        Assert.Contains(report.Participants, p => p.Name == server.Participant.Name && p.Failure is null);
        Assert.Equal(now, server.Participant.AskedUpTo[^1]);
        Assert.True(report.Complete);
    }

    [Fact]
    public async Task a_failing_participant_is_reported_the_keys_are_shredded_all_the_same_and_the_next_pass_retries()
    {
        var (tenant, deadline) = await SealDueSoonAsync();
        server.MoveClockPast(deadline);
        server.Participant.FailNext = true;

        var failed = await server.Sweeper.TrySweepAsync(server.Time.GetUtcNow());

        Assert.NotNull(failed);
        Assert.False(failed.Complete);
        Assert.Equal(nameof(InvalidOperationException), failed.Participants.Single(p => p.Name == server.Participant.Name).Failure);
        Assert.Equal(0, await KeyRowsAsync(tenant));
        var retried = await server.Sweeper.TrySweepAsync(server.Time.GetUtcNow());
        Assert.True(retried!.Complete);
    }

    [Fact]
    public async Task the_sweep_retention_command_runs_one_pass_with_the_servers_configuration_and_exits_0()
    {
        // The command runs on the real clock: seal as of 40 days ago, due 10 days ago.
        var tenant = NewId("group");
        var longAgo = DateTimeOffset.UtcNow.AddDays(-40);
        using var ring = new MasterKeyRing(NewMasterKey());
        await new PersonalDataProtector(server.Database.DataSource, ring, new TestClock(longAgo))
            .SealAsync(tenant, NewId("v"), longAgo.AddDays(30), Patient());
        Assert.Equal(1, await KeyRowsAsync(tenant));
        using var output = new StringWriter(CultureInfo.InvariantCulture);

        var exitCode = await RetentionSweepCommand.RunAsync(
            [$"{Hosting.ServerOptions.DatabaseVariable}={server.Database.ConnectionString}", $"MYNA_MASTER_KEY={Convert.ToBase64String(NewMasterKey())}"],
            output);

        Assert.Equal(0, exitCode);
        Assert.Contains("keys shredded: ", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await KeyRowsAsync(tenant));
    }
}
