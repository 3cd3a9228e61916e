using MynaEvents.Server.Storage.Schema;
using Npgsql;

namespace MynaEvents.Server.Hosting;

/// <summary>
/// Brings the schema to the current version before anything else starts. Waits for
/// PostgreSQL for a while (a database starting next to the server is normal), then fails
/// the start with a clear message: the server never serves against a schema it does not know.
/// </summary>
internal sealed class SchemaStartup(SchemaMigrator migrator, ServerOptions options, ILogger<SchemaStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + options.DatabaseWait;
        while (true)
        {
            try
            {
                await migrator.MigrateAsync(cancellationToken);
                logger.LogInformation("Schema is current: {Modules}", string.Join(", ", migrator.Modules.Select(m => $"{m.Name} {m.LatestVersion}")));
                return;
            }
            catch (NpgsqlException exception) when (exception is not PostgresException && DateTimeOffset.UtcNow < deadline)
            {
                logger.LogWarning("PostgreSQL is not reachable yet ({Reason}); retrying", exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
