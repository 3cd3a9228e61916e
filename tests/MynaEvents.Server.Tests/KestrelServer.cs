using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Server.Hosting;
using MynaEvents.Server.Telemetry;
using MynaEvents.Testing;

namespace MynaEvents.Server.Tests;

/// <summary>
/// The real server on real Kestrel (a free loopback port), for what only Kestrel does: limits,
/// rejections, connections. Alba runs on TestServer, so this is the server's own host, started
/// as <c>Program</c> starts it, with the test settings as command-line arguments; it has none of
/// <see cref="ServerFactory"/>'s test services (contract check, sample event types, span collector).
/// </summary>
public sealed class KestrelServer : IAsyncLifetime
{
    private WebApplication? _app;

    public TestDatabase Database { get; } = new();

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        _app = ServerHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            // As WebApplicationFactory started it: the application is the server's assembly, in Development.
            "--applicationName", typeof(Program).Assembly.GetName().Name!,
            "--environment", "Development",
            $"--{ServerOptions.DatabaseVariable}={Database.ConnectionString}",
            "--MYNA_MAX_BODY_BYTES=65536",
            $"--MYNA_MASTER_KEY={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))}",
            $"--MYNA_BOOTSTRAP_ADMIN_TOKEN={ServerFactory.BootstrapAdminToken}",
            $"--{TraceSampling.RatioVariable}=1",
        ]);
        await _app.StartAsync();
        Address = new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        await Database.DisposeAsync();
    }

    /// <summary>A client over a real connection that sends <c>Authorization: Bearer {bearerToken}</c> on every request.</summary>
    public HttpClient CreateClient(string bearerToken)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        return client;
    }

    /// <summary>A client acting as the bootstrap platform administrator.</summary>
    public HttpClient AdminClient() => CreateClient(ServerFactory.BootstrapAdminToken);
}
