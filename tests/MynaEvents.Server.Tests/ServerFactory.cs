using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.EventStore.Serialization;
using MynaEvents.Server.Hosting;
using MynaEvents.Server.Telemetry;
using MynaEvents.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MynaEvents.Server.Tests;

/// <summary>The real server on a real PostgreSQL database of its own, with sample events registered.</summary>
public sealed class ServerFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    public RecordingProjection Projection { get; } = new("server_recording");

    /// <summary>Every span the server's tracing pipeline ended, as an exporter would receive it.</summary>
    public ConcurrentQueue<Activity> Spans { get; } = new();

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await Projection.CreateTableAsync(Database.DataSource);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(ServerOptions.DatabaseVariable, Database.ConnectionString);
        builder.UseSetting("MYNA_MAX_BODY_BYTES", "65536");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IEventTypeRegistration, SampleEventTypes>();
            services.AddSingleton<ITracingContribution>(new CollectSpans(Spans));
            services.AddSingleton(new AsyncProjection(Projection));
        });
    }

    private sealed class SampleEventTypes : IEventTypeRegistration
    {
        public void Register(EventTypeRegistry registry) => registry
            .Register<SampleRecorded>("SampleRecorded")
            .Register<SampleCorrected>("SampleCorrected");
    }

    private sealed class CollectSpans(ConcurrentQueue<Activity> spans) : ITracingContribution
    {
        public void Configure(TracerProviderBuilder builder) => builder.AddProcessor(new Collector(spans));
    }

    private sealed class Collector(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }
}
