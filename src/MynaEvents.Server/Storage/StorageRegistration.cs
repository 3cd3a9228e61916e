using JasperFx;
using JasperFx.MultiTenancy;
using JasperFx.OpenTelemetry;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Storage;
using Wolverine.Marten;
using Weasel.Core;
using MynaEvents.Server.Hosting;
using MynaEvents.Server.Storage.Projections;
using MynaEvents.Server.Storage.Schema;
using Npgsql;

namespace MynaEvents.Server.Storage;

/// <summary>Adds a piece to the event type registry (each feature registers its events through this).</summary>
public interface IEventTypeRegistration
{
    void Register(EventTypeRegistry registry);
}

/// <summary>
/// Marten as the event store: string stream keys, conjoined tenancy by clinic group, Quick
/// append, our metadata in headers, and the view projections inline or in the async daemon.
/// Our own tables (command results, views, keys, credentials) are migrated first.
/// </summary>
internal static class StorageRegistration
{
    /// <summary>Marten's tables live apart from ours.</summary>
    public const string MartenSchema = "myna_events";

    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddSingleton(sp => ServerOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => StorageDataSource.Create(
            sp.GetRequiredService<ServerOptions>().ConnectionString, "myna-server", sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp =>
        {
            var registry = new EventTypeRegistry();
            foreach (var registration in sp.GetServices<IEventTypeRegistration>()) registration.Register(registry);
            return registry;
        });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<EventStreams>();
        services.AddSingleton(sp => new SchemaMigrator(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetServices<MigrationModule>(),
            sp.GetRequiredService<ILogger<SchemaMigrator>>()));
        services.AddSingleton<ProjectionAdmin>();

        // Order matters: our tables exist before Marten's daemon runs projections into them.
        services.AddHostedService<SchemaStartup>();
        // No AddAsyncDaemon: Wolverine runs the async projections, each on one node
        // (Wolverine-managed distribution refuses to start beside Marten's own daemon).
        services.AddMarten(Configure)
            .UseNpgsqlDataSource()
            .IntegrateWithWolverine(wolverine =>
            {
                wolverine.MessageStorageSchemaName = WolverineRegistration.Schema;
                // Marten's schema is applied by SchemaStartup (AutoCreate.None); Wolverine would
                // inherit None and never create its tables: it applies its own when it starts.
                wolverine.AutoCreate = AutoCreate.CreateOrUpdate;
                wolverine.UseWolverineManagedEventSubscriptionDistribution = true;
            });
        services.AddHostedService<RebuildRequests>();
        services.AddHostedService<HighWaterWatch>();
        return services;
    }

    /// <summary>Events the async daemon reads and applies in one transaction.</summary>
    public const int AsyncBatchSize = 2_000;

    private static StoreOptions Configure(IServiceProvider services) => Options(
        services.GetRequiredService<EventTypeRegistry>(), services.GetRequiredService<TimeProvider>(),
        services.GetServices<InlineViewProjection>(), services.GetServices<AsyncViewProjection>());

    /// <summary>
    /// A store configured exactly as the server's, on the given data source, outside the host:
    /// for the benchmark, which measures what the server runs. The caller owns (disposes) it.
    /// </summary>
    public static DocumentStore BuildStore(NpgsqlDataSource dataSource, EventTypeRegistry types, TimeProvider time,
        IEnumerable<AsyncViewProjection>? async = null, int asyncBatchSize = AsyncBatchSize)
    {
        var options = Options(types, time, [], async ?? [], asyncBatchSize);
        options.Connection(dataSource);
        return new DocumentStore(options);
    }

    private static StoreOptions Options(EventTypeRegistry types, TimeProvider time, IEnumerable<InlineViewProjection> inlineViews,
        IEnumerable<AsyncViewProjection> asyncViews, int asyncBatchSize = AsyncBatchSize)
    {
        var options = new StoreOptions { DatabaseSchemaName = MartenSchema };
        options.Events.DatabaseSchemaName = MartenSchema;
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.TenancyStyle = TenancyStyle.Conjoined;
        options.Policies.AllDocumentsAreMultiTenanted();
        // The database assigns versions and sequences in one call; timestamps come from our clock.
        options.Events.AppendMode = EventAppendMode.Quick;
        options.Events.TimeProvider = time;
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.Events.MetadataConfig.CausationIdEnabled = true;
        // The schema is applied once at start (SchemaStartup), not checked on every session.
        options.AutoCreateSchemaObjects = AutoCreate.None;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        // A span per connection Marten uses (the SQL inside it is Npgsql's), and event counters.
        options.OpenTelemetry.TrackConnections = TrackLevel.Normal;
        options.OpenTelemetry.TrackEventCounters();

        foreach (var name in types.Names)
        {
            types.TryGetType(name, out var type);
            options.Events.MapEventType(type, name);
        }
        foreach (var inline in inlineViews)
            options.Projections.Add(new ViewProjection(inline.Projection), ProjectionLifecycle.Inline, inline.Projection.Name);
        foreach (var async in asyncViews)
        {
            var view = async.Projection;
            options.Projections.Add(new ViewProjection(view), ProjectionLifecycle.Async, view.Name, daemon =>
            {
                daemon.BatchSize = asyncBatchSize;
                foreach (var table in view.Tables) daemon.DeleteDataInTableOnTeardown(table);
            });
        }
        return options;
    }
}

/// <summary>Marten's schema as the server runs it.</summary>
internal static class MartenSchemaSetup
{
    /// <summary>
    /// Applies Marten's configured schema, then lets the append function choose its own plans.
    /// The pool plans every statement for its parameters (<see cref="StorageDataSource"/>), and
    /// inside PL/pgSQL that means re-planning each of the function's statements on every call:
    /// measured 2.2 times the function's cost (0.54 against 0.24 ms a call). Its statements are
    /// key look-ups whose cached plans are right for any parameters, so the function carries its
    /// own setting. Marten re-creates the function when its definition changes; this runs after
    /// every application of the schema, so the setting always follows.
    /// </summary>
    public static async Task ApplyAsync(IDocumentStore store, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var command = dataSource.CreateCommand(
            $"alter function {StorageRegistration.MartenSchema}.mt_quick_append_events set plan_cache_mode = auto");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The pooled data source Marten and our own SQL share.</summary>
internal static class StorageDataSource
{
    /// <summary>
    /// Connections are not reset when returned to the pool: Npgsql's default (DISCARD ALL)
    /// would also drop the prepared statements, about three times per command through Marten.
    /// Nothing here keeps session state (SET, temporary tables, LISTEN, session locks). A
    /// session idle inside a transaction is ended after 30 s: it would hold back every async
    /// projection (the daemon waits for the gap it could fill), so a leaked one must not be silent.
    /// Prepared statements are planned for their parameters each time: the daemon's page read
    /// (events after a position up to the high-water mark, limited) gets a generic plan after five
    /// runs that sorts every remaining event — measured 30 times slower on a long history.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString, string applicationName, ILoggerFactory? loggerFactory = null)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        settings.NoResetOnClose = true;
        if (settings.MaxAutoPrepare == 0) settings.MaxAutoPrepare = 64;
        if (string.IsNullOrEmpty(settings.Options))
            settings.Options = "-c idle_in_transaction_session_timeout=30000 -c plan_cache_mode=force_custom_plan";
        if (string.IsNullOrEmpty(settings.ApplicationName)) settings.ApplicationName = applicationName;
        if (loggerFactory is not null) builder.UseLoggerFactory(loggerFactory);
        return builder.Build();
    }
}
