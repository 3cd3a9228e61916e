using Marten;
using Marten.Events.Daemon.Coordination;
using Marten.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MynaEvents.Server.Hosting;
using MynaEvents.Server.Storage;
using MynaEvents.Server.Storage.Projections;
using MynaEvents.Testing;
using Npgsql;
using Wolverine;

namespace MynaEvents.Server.Tests.Storage;

/// <summary>
/// The server's storage exactly as the server registers it (<c>AddStorage</c>: our migrations,
/// Marten's store, its async projections run by Wolverine, the high-water watch), with a recording
/// projection and no HTTP. Two of them on one database behave as two server processes; each
/// names its connections so a test can kill them from the database side.
/// </summary>
internal sealed class StorageHost : IAsyncDisposable
{
    public const string Tenant = "group-a";

    private readonly IHost _host;
    private bool _stopped;

    private StorageHost(IHost host, string applicationName) => (_host, ApplicationName) = (host, applicationName);

    /// <summary>PostgreSQL's application_name of every connection this host opens.</summary>
    public string ApplicationName { get; }

    public IServiceProvider Services => _host.Services;

    public EventStreams Streams => Services.GetRequiredService<EventStreams>();

    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    public NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();

    public JasperFx.Events.Daemon.IProjectionDaemon Daemon => Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();

    /// <summary>Builds the host without starting it (its services can be read; nothing runs).</summary>
    public static StorageHost Build(TestDatabase database, RecordingProjection projection, string applicationName = "storage-host",
        DurabilityMode mode = DurabilityMode.Solo)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[ServerOptions.DatabaseVariable] =
            new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = applicationName }.ConnectionString;
        builder.Logging.ClearProviders();
        builder.Services.AddStorage();
        // Solo (the default here): this process runs every async projection at once, with no leader
        // election to wait for; two Solo hosts never run side by side on one database. Balanced, as
        // in production: the leader assigns each projection to one node; checks run every second.
        builder.Services.AddMessaging(wolverine =>
        {
            wolverine.Durability.Mode = mode;
            wolverine.Durability.FirstHealthCheckExecution = TimeSpan.FromSeconds(1);
            wolverine.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(1);
            wolverine.Durability.CheckAssignmentPeriod = TimeSpan.FromSeconds(1);
        });
        builder.Services.AddSingleton<IEventTypeRegistration, SampleEventTypes>();
        builder.Services.AddSingleton(new AsyncViewProjection(projection));
        return new StorageHost(builder.Build(), applicationName);
    }

    public static async Task<StorageHost> StartAsync(TestDatabase database, RecordingProjection projection, string applicationName = "storage-host",
        DurabilityMode mode = DurabilityMode.Solo)
    {
        var host = Build(database, projection, applicationName, mode);
        await host._host.StartAsync();
        return host;
    }

    public Task<AppendResult> AppendAsync(string streamId, params object[] events) =>
        Streams.AppendAsync(Tenant, streamId, ExpectedVersion.Any, events);

    /// <summary>
    /// A Marten session on a transaction the caller owns (a slow writer): SaveChanges draws the
    /// sequence numbers and inserts the events; nothing is visible until the caller commits.
    /// </summary>
    public IDocumentSession SessionOn(NpgsqlTransaction transaction)
    {
        var options = SessionOptions.ForTransaction(transaction);
        options.TenantId = Tenant;
        return Store.LightweightSession(options);
    }

    /// <summary>
    /// Stops the host, giving it no time to drain: the daemon's agents are cancelled wherever they are.
    /// </summary>
    public async Task StopAbruptlyAsync()
    {
        if (_stopped) return;
        _stopped = true;
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        try
        {
            await _host.StopAsync(now.Token);
        }
        catch (OperationCanceledException)
        {
        }
        _host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _host.StopAsync();
        _host.Dispose();
    }

    private sealed class SampleEventTypes : IEventTypeRegistration
    {
        public void Register(EventTypeRegistry registry) => registry
            .Register<SampleRecorded>("SampleRecorded")
            .Register<SampleCorrected>("SampleCorrected");
    }
}
