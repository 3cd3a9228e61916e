using MynaEvents.Server.Storage;
using MynaEvents.Server.EligibilityGateway;
using MynaEvents.Server.Privacy.Sweeping;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MynaEvents.Server.Telemetry;

/// <summary>Lets tests and later features add to the tracing pipeline (e.g. a processor).</summary>
public interface ITracingContribution
{
    void Configure(TracerProviderBuilder builder);
}

/// <summary>
/// OpenTelemetry without the hosting package: the providers are built from DI at start and
/// disposed (flushed) at shutdown. Export goes over OTLP to OTEL_EXPORTER_OTLP_ENDPOINT and
/// is off when it is unset; the exporter reads the standard OTEL_* variables itself.
/// </summary>
internal static class ServerTelemetry
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Must run before the web application builder is created.</summary>
    public static void EnableAspNetCoreSpanData() =>
        AppContext.SetSwitch("Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData", false);

    public static IServiceCollection AddServerTelemetry(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var contributions = sp.GetServices<ITracingContribution>().ToList();
            var exporting = IsExporting(sp);
            if (!exporting && contributions.Count == 0) return new TelemetryProviders(null, null);

            var resource = Resource();
            var tracing = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource)
                .AddSource("Microsoft.AspNetCore", "Npgsql", StorageTelemetry.Name, EligibilityTelemetry.Name);
            foreach (var contribution in contributions) contribution.Configure(tracing);
            if (exporting) tracing.AddOtlpExporter();

            var metrics = exporting
                ? Sdk.CreateMeterProviderBuilder()
                    .SetResourceBuilder(resource)
                    .AddMeter(StorageTelemetry.Name, EligibilityTelemetry.Name, RetentionTelemetry.Name, "Npgsql", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                    .AddOtlpExporter()
                    .Build()
                : null;
            return new TelemetryProviders(tracing.Build(), metrics);
        });
        services.AddHostedService<TelemetryLifetime>();
        return services;
    }

    private static bool IsExporting(IServiceProvider services) =>
        !string.IsNullOrWhiteSpace(services.GetRequiredService<IConfiguration>()[EndpointVariable]);

    private static ResourceBuilder Resource() => ResourceBuilder.CreateDefault()
        .AddService("myna-server", serviceVersion: typeof(ServerTelemetry).Assembly.GetName().Version?.ToString());
}

internal sealed record TelemetryProviders(TracerProvider? Tracing, MeterProvider? Metrics);

/// <summary>Creates the providers when the host starts and flushes them when it stops.</summary>
internal sealed class TelemetryLifetime(TelemetryProviders providers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        providers.Tracing?.ForceFlush(5_000);
        providers.Metrics?.ForceFlush(5_000);
        providers.Tracing?.Dispose();
        providers.Metrics?.Dispose();
        return Task.CompletedTask;
    }
}
