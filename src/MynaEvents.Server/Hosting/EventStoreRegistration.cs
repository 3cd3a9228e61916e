using MynaEvents.EventStore;
using MynaEvents.EventStore.Projections;
using MynaEvents.EventStore.Schema;
using MynaEvents.EventStore.Serialization;
using Npgsql;

namespace MynaEvents.Server.Hosting;

/// <summary>Adds a piece to the event type registry (the domain registers its events through this).</summary>
public interface IEventTypeRegistration
{
    void Register(EventTypeRegistry registry);
}

/// <summary>Marks a projection as run by the async daemon rather than inline.</summary>
public sealed record AsyncProjection(IProjection Projection);

internal static class EventStoreRegistration
{
    public static IServiceCollection AddEventStore(this IServiceCollection services)
    {
        services.AddSingleton(sp => ServerOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => EventStoreDataSource.Create(
            sp.GetRequiredService<ServerOptions>().ConnectionString, "myna-server", sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp =>
        {
            var registry = new EventTypeRegistry();
            foreach (var registration in sp.GetServices<IEventTypeRegistration>()) registration.Register(registry);
            return registry;
        });
        services.AddSingleton(sp => new InlineProjections(sp.GetServices<IProjection>()));
        services.AddSingleton<AppendNotifier>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<EventStore.EventStore>();
        services.AddSingleton(sp => new SchemaMigrator(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetServices<MigrationModule>(),
            sp.GetRequiredService<ILogger<SchemaMigrator>>()));
        services.AddSingleton<ProjectionAdmin>();
        services.AddSingleton(sp => new ProjectionDaemon(
            sp.GetServices<AsyncProjection>().Select(p => p.Projection),
            sp.GetRequiredService<EventTypeRegistry>(),
            new ProjectionDaemonOptions { ConnectionString = sp.GetRequiredService<ServerOptions>().ConnectionString },
            sp.GetRequiredService<AppendNotifier>(),
            sp.GetRequiredService<ILoggerFactory>()));

        // Order matters: the schema is current before the daemon starts.
        services.AddHostedService<SchemaStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<ProjectionDaemon>());
        return services;
    }
}
