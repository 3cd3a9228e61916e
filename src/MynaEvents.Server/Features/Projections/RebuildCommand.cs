using MynaEvents.Server.Storage.Projections;
using MynaEvents.Server.Storage.Schema;
using MynaEvents.Server.Hosting;
using Npgsql;

namespace MynaEvents.Server.Features.Projections;

/// <summary>
/// <c>MynaEvents.Server rebuild-projection &lt;name&gt; [--no-wait]</c>: asks for a projection's
/// rebuild with the server's own services and configuration, then follows it to the end with a
/// progress line every second. The rebuild itself is done by the projection's leader, a running
/// server; this process only asks and watches, so it is safe next to running servers.
/// </summary>
public static class RebuildCommand
{
    public const string Verb = "rebuild-projection";
    public const string NoWaitOption = "--no-wait";

    /// <summary>The rebuild was requested (and, unless --no-wait, has caught up with the log).</summary>
    public const int Done = 0;
    /// <summary>The database could not be reached or refused.</summary>
    public const int Failed = 1;
    /// <summary>No projection name, or a name that no projection has ever run under.</summary>
    public const int UnknownProjection = 2;
    /// <summary>No running server took the rebuild in time.</summary>
    public const int NoLeader = 3;

    public static Task<int> RunAsync(string[] args, TextWriter output) =>
        RunAsync(args, output, RebuildWatchOptions.Default, CancellationToken.None);

    internal static async Task<int> RunAsync(string[] args, TextWriter output, RebuildWatchOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Length == 0 || args[0].StartsWith('-') || args[0].Contains('=', StringComparison.Ordinal))
        {
            await output.WriteLineAsync($"usage: {Verb} <projection> [{NoWaitOption}]");
            return UnknownProjection;
        }
        var name = args[0];
        var wait = !args.Contains(NoWaitOption, StringComparer.Ordinal);
        string[] serverArgs = [.. args.Skip(1).Where(a => !string.Equals(a, NoWaitOption, StringComparison.Ordinal))];

        // Built, never started: no port is bound and no hosted service (daemon, sweeper) runs here.
        await using var app = ServerHost.Build(serverArgs);
        var services = app.Services;
        try
        {
            // The same rule as the server's start: never work against a schema it does not know.
            await SchemaStartup.MigrateAsync(services, ct);
            var admin = services.GetRequiredService<ProjectionAdmin>();
            var before = (await admin.ListAsync(ct)).FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
            if (before is null || await admin.RequestRebuildAsync(name, Guid.NewGuid(), ct) == RebuildRequest.UnknownProjection)
                return await UnknownAsync(admin, name, output, ct);
            if (!wait)
            {
                await output.WriteLineAsync($"{name}: rebuild requested; a running server (the projection's leader) carries it out. Follow it with GET /api/projections.");
                return Done;
            }
            await output.WriteLineAsync($"{name}: rebuild requested; waiting for a running server (the projection's leader) to start it");
            var watch = new RebuildWatch(admin, output, options, services.GetRequiredService<TimeProvider>());
            return await watch.FollowAsync(name, before.RebuildStartedAt, ct);
        }
        catch (PostgresException exception)
        {
            await output.WriteLineAsync($"rebuild of {name} failed: PostgreSQL error {exception.SqlState}");
            return Failed;
        }
        catch (NpgsqlException exception)
        {
            await output.WriteLineAsync($"rebuild of {name} failed: {exception.Message}");
            return Failed;
        }
    }

    private static async Task<int> UnknownAsync(ProjectionAdmin admin, string name, TextWriter output, CancellationToken ct)
    {
        var known = (await admin.ListAsync(ct)).Select(c => c.Name).ToList();
        await output.WriteLineAsync(known.Count == 0
            ? $"unknown projection '{name}': no projection has run against this database yet (start the server once)"
            : $"unknown projection '{name}'. Known projections: {string.Join(", ", known)}");
        return UnknownProjection;
    }
}
