using Microsoft.Extensions.Diagnostics.HealthChecks;
using MynaEvents.EventStore.Schema;

namespace MynaEvents.Server.Health;

/// <summary>Ready means: PostgreSQL answers and the schema is at the version this build expects.</summary>
internal sealed class DatabaseReadiness(SchemaMigrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var (current, description) = await migrator.CheckCurrentAsync(cancellationToken);
            return current
                ? HealthCheckResult.Healthy($"schema {description}")
                : HealthCheckResult.Unhealthy($"schema {description} (applied/expected)");
        }
#pragma warning disable CA1031 // any failure to reach the database means "not ready"
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("database not reachable", exception);
        }
    }
}

internal static class HealthEndpoints
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReadiness>("database", tags: ["ready"]);
        return services;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false, ResponseWriter = WriteAsync }).WithTags("Health");
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync }).WithTags("Health");
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
}
