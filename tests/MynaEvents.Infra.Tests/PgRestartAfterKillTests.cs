using Npgsql;

namespace MynaEvents.Infra.Tests;

/// <summary>
/// infra/pg.sh brings a cluster back up right after its postmaster was killed with -9: the
/// dead postmaster (a zombie until init reaps it, and its pid file) must not count as running.
/// </summary>
public sealed class PgRestartAfterKillTests : IDisposable
{
    private readonly TempFolder _folder = new("myna-pg-");

    private string DataDirectory => _folder.Sub("pg");

    [Fact]
    public async Task up_right_after_the_postmaster_was_killed_starts_the_cluster_and_it_answers()
    {
        var first = await Up();
        Assert.Equal("before", await Answer(first, "select 'before'"));

        var postmaster = PostmasterPid();
        using (var process = System.Diagnostics.Process.GetProcessById(postmaster)) process.Kill();

        // At once, while the dead postmaster may still be a zombie and its pid file is there.
        var again = await Up();
        Assert.Equal("after", await Answer(again, "select 'after'"));
        Assert.NotEqual(postmaster, PostmasterPid());
    }

    [Fact]
    public async Task down_right_after_the_postmaster_was_killed_says_not_running_and_up_follows()
    {
        await Up();
        var postmaster = PostmasterPid();
        using (var process = System.Diagnostics.Process.GetProcessById(postmaster)) process.Kill();

        var down = await Scripts.BashAsync(Scripts.Infra("pg.sh"), ["down", DataDirectory]);
        Assert.True(down.ExitCode == 0, down.ToString());
        var status = await Scripts.BashAsync(Scripts.Infra("pg.sh"), ["status", DataDirectory]);
        Assert.True(status.ExitCode == 3, status.ToString());

        Assert.Equal("after", await Answer(await Up(), "select 'after'"));
    }

    private async Task<string> Up()
    {
        var up = await Scripts.BashAsync(Scripts.Infra("pg.sh"), ["up", DataDirectory]);
        Assert.True(up.ExitCode == 0, up.ToString());
        return up.Output.Trim().Split('\n')[^1];
    }

    /// <summary>The postmaster's pid, from the first line of postmaster.pid (the data directory may be a symlink, as root).</summary>
    private int PostmasterPid() =>
        int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> Answer(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        Scripts.BashAsync(Scripts.Infra("pg.sh"), ["destroy", DataDirectory]).GetAwaiter().GetResult();
        _folder.Dispose();
    }
}
