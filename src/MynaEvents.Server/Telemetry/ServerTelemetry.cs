using MynaEvents.Server.Storage;
using MynaEvents.Server.EligibilityGateway;
using MynaEvents.Server.Privacy.Sweeping;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MynaEvents.Server.Telemetry;

/// <summary>
/// The server's traces and metrics through OpenTelemetry.Extensions.Hosting: the host builds
/// the providers at start and flushes them at shutdown. Export goes over OTLP to
/// OTEL_EXPORTER_OTLP_ENDPOINT and is off when it is unset; the exporter reads the standard
/// OTEL_* variables itself. Tests add their own processor with
/// <c>ConfigureOpenTelemetryTracerProvider</c>.
/// </summary>
internal static class ServerTelemetry
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceName = "myna-server";

    /// <summary>
    /// Sources that appear once storage and command handling run on Marten and Wolverine;
    /// listening before then costs nothing.
    /// </summary>
    private static readonly string[] CritterStackSources = ["Marten", "Wolverine"];

    public static IHostApplicationBuilder AddServerTelemetry(this IHostApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: typeof(ServerTelemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing
                .SetSampler(services => TraceSampling.From(
                    services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>()).Sampler())
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(StorageTelemetry.Name, EligibilityTelemetry.Name)
                .AddSource(CritterStackSources))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(StorageTelemetry.Name, EligibilityTelemetry.Name, RetentionTelemetry.Name));

        // The variable is read here, not from the finished host: the exporter registers
        // services of its own, which cannot happen once the providers are being built.
        if (!string.IsNullOrWhiteSpace(builder.Configuration[EndpointVariable]))
        {
            telemetry.WithTracing(tracing => tracing.AddOtlpExporter());
            telemetry.WithMetrics(metrics => metrics.AddOtlpExporter());
        }
        return builder;
    }
}
