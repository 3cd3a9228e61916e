using Microsoft.Extensions.Diagnostics.HealthChecks;
using MynaEvents.Server.Storage.Schema;

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
        var health = app.MapGroup("/health").WithTags("Health");
        health.MapGet("/live", () => TypedResults.Ok(new HealthAnswer("Healthy", new Dictionary<string, HealthEntry>())))
            .WithName("Live")
            .WithSummary("200 while the process runs");
        health.MapGet("/ready", ReadyAsync)
            .WithName("Ready")
            .WithSummary("200 when PostgreSQL answers and the schema is at this build's version; otherwise 503 problem+json naming the check")
            .Produces<HealthAnswer>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> ReadyAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"), cancellationToken);
        var checks = report.Entries.ToDictionary(e => e.Key, e => new HealthEntry(e.Value.Status.ToString(), e.Value.Description));
        if (report.Status == HealthStatus.Healthy) return TypedResults.Ok(new HealthAnswer(report.Status.ToString(), checks));
        var failing = report.Entries.First(e => e.Value.Status != HealthStatus.Healthy);
        return TypedResults.Problem(
            title: "Not ready",
            detail: $"{failing.Key}: {failing.Value.Description}",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?> { ["field"] = failing.Key, ["checks"] = checks });
    }
}

/// <summary>How the server is, and each check's state.</summary>
public sealed record HealthAnswer(string Status, IReadOnlyDictionary<string, HealthEntry> Checks);

public sealed record HealthEntry(string Status, string? Description);
