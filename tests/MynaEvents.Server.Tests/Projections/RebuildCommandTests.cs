using System.Globalization;
using System.Net;
using MynaEvents.Server.Features.Projections;
using MynaEvents.Server.Hosting;
using MynaEvents.Testing;
using static MynaEvents.Server.Tests.HttpJson;

namespace MynaEvents.Server.Tests.Projections;

/// <summary>
/// <c>rebuild-projection</c> run in-process as its own host (no web host, no daemon) next to a
/// running test server, whose daemon leads "server_recording" and does the rebuild.
/// </summary>
public sealed class RebuildCommandTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    private static readonly RebuildWatchOptions Quick = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30));

    private string[] Args(params string[] args) =>
        [.. args, $"{ServerOptions.DatabaseVariable}={server.Database.ConnectionString}",
            $"MYNA_MASTER_KEY={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))}"];

    /// <summary>Starts the test server and waits until its daemon has applied every event in the log.</summary>
    private async Task<long> AwaitProjectedAsync(int appends)
    {
        var client = server.AdminClient();
        for (var i = 0; i < appends; i++)
            Assert.Equal(HttpStatusCode.Created, (await client.AppendAsync("group-rb", $"s-rb-{i}", Append(Guid.NewGuid(), null, Sample(i), Sample(i + 1)))).StatusCode);
        var total = await server.Database.ScalarAsync<long>("select count(*) from myna_events.mt_events where type <> 'tombstone'");
        await Eventually.TrueAsync(async () => (await server.Projection.AppliedAsync(server.Database.DataSource)).Count == total, "the daemon applies every event");
        return total;
    }

    private Task<string> RebuildStartedAsync() => server.Database.ScalarAsync<string>(
        "select coalesce((select started_at::text from myna.projection_rebuilds where name = 'server_recording'), 'never')");

    [Fact]
    public async Task the_command_requests_the_rebuild_and_prints_progress_until_the_running_servers_leader_has_caught_up()
    {
        var total = await AwaitProjectedAsync(appends: 20);
        var startedBefore = await RebuildStartedAsync();
        using var output = new StringWriter(CultureInfo.InvariantCulture);

        var exitCode = await RebuildCommand.RunAsync(Args("server_recording"), output, Quick, CancellationToken.None);

        var text = output.ToString();
        Assert.True(exitCode == RebuildCommand.Done, text);
        var progress = text.Split('\n').Where(l => l.StartsWith("server_recording: ", StringComparison.Ordinal) && l.Contains(" events (", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(progress);
        Assert.Matches(@"^server_recording: [\d,]+ / [\d,]+ events \(100\.0%\), [\d,]+ ev/s", progress[^1]);
        Assert.Contains($"/ {total.ToString("N0", CultureInfo.InvariantCulture)} events (100.0%)", progress[^1], StringComparison.Ordinal);
        Assert.NotEqual(startedBefore, await RebuildStartedAsync());
        Assert.Equal(0, await server.Database.ScalarAsync<long>("select count(*) from myna.projection_rebuilds where started_at is null"));
        Assert.Equal(total, (await server.Projection.AppliedAsync(server.Database.DataSource)).Count);
    }

    [Fact]
    public async Task an_unknown_projection_is_refused_with_exit_code_2_listing_the_known_ones_and_nothing_is_requested()
    {
        await AwaitProjectedAsync(appends: 1);
        using var output = new StringWriter(CultureInfo.InvariantCulture);

        var exitCode = await RebuildCommand.RunAsync(Args("no_such_projection"), output, Quick, CancellationToken.None);

        Assert.Equal(RebuildCommand.UnknownProjection, exitCode);
        Assert.Contains("unknown projection 'no_such_projection'", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("server_recording", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await server.Database.ScalarAsync<long>("select count(*) from myna.projection_rebuilds where started_at is null"));
    }

    [Fact]
    public void a_progress_line_shows_thousands_separators_a_floored_percentage_and_the_rate()
    {
        Assert.Equal("facility_checks: 123,456 / 1,000,000 events (12.3%), 45,678 ev/s", RebuildWatch.ProgressLine("facility_checks", 123_456, 1_000_000, 45_678.4));
        Assert.Equal("p: 999,999 / 1,000,000 events (99.9%), 0 ev/s", RebuildWatch.ProgressLine("p", 999_999, 1_000_000, 0));
        Assert.Equal("p: 0 / 0 events (100.0%), 0 ev/s", RebuildWatch.ProgressLine("p", 0, 0, 0));
    }
}
