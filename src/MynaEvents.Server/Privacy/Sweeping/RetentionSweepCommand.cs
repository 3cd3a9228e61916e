using MynaEvents.Server.Storage.Schema;
using MynaEvents.Server.Hosting;
using Npgsql;

namespace MynaEvents.Server.Privacy.Sweeping;

/// <summary>
/// <c>MynaEvents.Server sweep-retention</c>: one sweep pass with the server's own services and
/// configuration, then exit. For cron, for an operator after a long outage, and for servers
/// run with the schedule off.
/// </summary>
public static class RetentionSweepCommand
{
    public const string Verb = "sweep-retention";

    /// <summary>0: swept, or another process was sweeping. 1: a participant or the pass failed.</summary>
    public static async Task<int> RunAsync(string[] serverArgs, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        // The web application is built, never started: no port is bound and no hosted service
        // runs, so this is safe next to a running server.
        await using var app = ServerHost.Build(serverArgs);
        var services = app.Services;
        try
        {
            // The same rule as the server's start: never work against a schema it does not know.
            await SchemaStartup.MigrateAsync(services, CancellationToken.None);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var report = await services.GetRequiredService<RetentionSweeper>().TrySweepAsync(now);
            if (report is null)
            {
                await output.WriteLineAsync("skipped: another process is sweeping right now; its pass covers the same deadlines");
                return 0;
            }
            foreach (var line in report.Lines()) await output.WriteLineAsync(line);
            return report.Complete ? 0 : 1;
        }
        catch (PostgresException exception)
        {
            await output.WriteLineAsync($"retention sweep failed: PostgreSQL error {exception.SqlState}");
            return 1;
        }
        catch (NpgsqlException exception)
        {
            await output.WriteLineAsync($"retention sweep failed: {exception.Message}");
            return 1;
        }
    }
}
