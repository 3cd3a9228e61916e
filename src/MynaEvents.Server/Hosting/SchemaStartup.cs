using Marten;
using MynaEvents.Server.Storage;
using MynaEvents.Server.Storage.Schema;
using Npgsql;

namespace MynaEvents.Server.Hosting;

/// <summary>
/// Brings the schema to the current version before anything else starts. Waits for
/// PostgreSQL for a while (a database starting next to the server is normal), then fails
/// the start with a clear message: the server never serves against a schema it does not know.
/// </summary>
internal sealed class SchemaStartup(SchemaMigrator migrator, IDocumentStore store, NpgsqlDataSource dataSource, ServerOptions options,
    ILogger<SchemaStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + options.DatabaseWait;
        while (true)
        {
            try
            {
                await MigrateAsync(migrator, store, dataSource, cancellationToken);
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

    /// <summary>Our tables, then Marten's (its daemon and sessions rely on both).</summary>
    public static async Task MigrateAsync(SchemaMigrator migrator, IDocumentStore store, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        await MartenSchemaSetup.ApplyAsync(store, dataSource, cancellationToken);
    }

    /// <summary>For the maintenance verbs, which build the server's services without starting them.</summary>
    public static Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        MigrateAsync(services.GetRequiredService<SchemaMigrator>(), services.GetRequiredService<IDocumentStore>(),
            services.GetRequiredService<NpgsqlDataSource>(), cancellationToken);
}
