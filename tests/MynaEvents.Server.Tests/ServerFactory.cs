using System.Collections.Concurrent;
using System.Diagnostics;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Server.Storage;
using MynaEvents.Server.Storage.Projections;
using MynaEvents.Server.Tests.Contract;
using MynaEvents.Server.Hosting;
using MynaEvents.Server.Telemetry;
using MynaEvents.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Wolverine;

namespace MynaEvents.Server.Tests;

/// <summary>
/// The real server (Alba, on TestServer) on a real PostgreSQL database of its own, with sample
/// events registered. It starts in <see cref="InitializeAsync"/>: <see cref="Settings"/> and
/// <see cref="ConfigureWebHost"/> apply only when set before then.
/// </summary>
public class ServerFactory : IAsyncLifetime
{
    /// <summary>The platform administrator's token (MYNA_BOOTSTRAP_ADMIN_TOKEN) of every test server.</summary>
    public const string BootstrapAdminToken = "test-bootstrap-admin-5f0c2a9e7d4b4c1f8e3a6b2d9c0e1f47";

    private readonly List<Action<IWebHostBuilder>> _furtherConfiguration = [];
    private IAlbaHost? _host;

    public TestDatabase Database { get; } = new();

    /// <summary>Extra configuration for this server (e.g. the simulator's URL), applied before it starts.</summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);

    public RecordingProjection Projection { get; } = new("server_recording");

    /// <summary>Checks every answer against the served API description; a broken contract fails the request.</summary>
    internal ContractCheck Contract { get; } = new();

    /// <summary>Every span the server's tracing pipeline ended, as an exporter would receive it.</summary>
    public ConcurrentQueue<Activity> Spans { get; } = new();

    /// <summary>The running server: <c>Scenario(...)</c> for requests, its TestServer and its services.</summary>
    public IAlbaHost Host => _host ?? throw new InvalidOperationException("The server is not started yet: InitializeAsync starts it.");

    public IServiceProvider Services => Host.Services;

    /// <summary>More host configuration (a fixture built on this one), applied after this server's own when it starts.</summary>
    public void ConfigureWebHost(Action<IWebHostBuilder> configure)
    {
        if (_host is not null) throw new InvalidOperationException("The server has started; configure it before InitializeAsync.");
        _furtherConfiguration.Add(configure);
    }

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await Projection.CreateTableAsync(Database.DataSource);
        // Started now, not on the first request: the schema exists before the first test reads it.
        _host = await AlbaHost.For<Program>(Configure);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await Database.DisposeAsync();
    }

    private void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting(ServerOptions.DatabaseVariable, Database.ConnectionString);
        builder.UseSetting("MYNA_MAX_BODY_BYTES", "65536");
        builder.UseSetting("MYNA_MASTER_KEY", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        builder.UseSetting("MYNA_BOOTSTRAP_ADMIN_TOKEN", BootstrapAdminToken);
        // Every trace, whatever the environment: the telemetry tests look for spans of their own requests.
        builder.UseSetting(TraceSampling.RatioVariable, "1");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            // One process per database: it runs every async projection at once, with no leader election to wait for.
            services.UseWolverineSoloMode();
            services.AddSingleton<IStartupFilter>(Contract);
            services.AddSingleton<IEventTypeRegistration, SampleEventTypes>();
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new Collector(Spans)));
            services.AddSingleton(new AsyncViewProjection(Projection));
        });
        foreach (var configure in _furtherConfiguration) configure(builder);
    }

    /// <summary>An anonymous client of the server; request bodies go with a declared length (see <see cref="DeclaredLength"/>).</summary>
    public HttpClient CreateClient() =>
        new(new DeclaredLength { InnerHandler = Host.Server.CreateHandler() }) { BaseAddress = Host.Server.BaseAddress };

    /// <summary>A client that sends <c>Authorization: Bearer {bearerToken}</c> on every request.</summary>
    public HttpClient CreateClient(string bearerToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        return client;
    }

    /// <summary>A client acting as the bootstrap platform administrator (any tenant, group-admin rights).</summary>
    public HttpClient AdminClient() => CreateClient(BootstrapAdminToken);

    /// <summary>
    /// Buffers a request body so that it declares its length (as WebApplicationFactory's client
    /// did), unless the request asks for chunked transfer: TestServer has no Kestrel to cut off a
    /// body of unknown length at the limit (KestrelLimitTests covers that on real Kestrel), while
    /// a declared length is refused by the server's own size check before it reads anything.
    /// </summary>
    private sealed class DeclaredLength : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content && request.Headers.TransferEncodingChunked != true)
                await content.LoadIntoBufferAsync(cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class SampleEventTypes : IEventTypeRegistration
    {
        public void Register(EventTypeRegistry registry) => registry
            .Register<SampleRecorded>("SampleRecorded")
            .Register<SampleCorrected>("SampleCorrected");
    }

    /// <summary>Receives every span the server records; listeners are process-wide, so filter by trace id.</summary>
    private sealed class Collector(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }
}

/// <summary>The test server with the retention sweep's schedule off, so that no pass runs by itself between a test's row counts.</summary>
public sealed class SweepOffServer : ServerFactory
{
    public SweepOffServer() => Settings[MynaEvents.Server.Privacy.Sweeping.RetentionSweepOptions.IntervalVariable] = "0";
}
