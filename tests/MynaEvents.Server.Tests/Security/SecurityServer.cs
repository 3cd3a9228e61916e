using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MynaEvents.Server.Security;
using MynaEvents.Testing;
using MynaEvents.VirtualCard;

namespace MynaEvents.Server.Tests.Security;

/// <summary>
/// The real server on its own database, with a clock the test moves, a test JPKI CA it trusts
/// (configured through MYNA_JPKI_CA_CERTS, like production), and its log lines captured.
/// </summary>
public sealed class SecurityServer : IAsyncLifetime, IDisposable
{
    private readonly ServerFactory _base = new();
    private readonly string _caDirectory = Directory.CreateTempSubdirectory("myna-test-ca-").FullName;
    private WebApplicationFactory<Program>? _server;

    public ManualTime Time { get; } = new();

    public TestCardAuthority Authority { get; } = TestCardAuthority.Create();

    public CapturedLogs Logs { get; } = new();

    public TestDatabase Database => _base.Database;

    public IServiceProvider Services => Server.Services;

    public IDeviceCredentials Devices => Services.GetRequiredService<IDeviceCredentials>();

    public IChallengeVerifier Challenges => Services.GetRequiredService<IChallengeVerifier>();

    private WebApplicationFactory<Program> Server => _server ?? throw new InvalidOperationException("The server is not started yet.");

    public async Task InitializeAsync()
    {
        await _base.InitializeAsync();
        var caFile = Authority.WriteCertificatePem(_caDirectory);
        _server = _base.WithWebHostBuilder(builder => builder
            .UseSetting("MYNA_JPKI_CA_CERTS", caFile)
            .ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace))
            .ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time)));
        _ = _server.Server; // start now, so the schema exists before the first test reads it
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_base).DisposeAsync();
        Authority.Dispose();
        Directory.Delete(_caDirectory, recursive: true);
    }

    /// <summary>xunit calls this after DisposeAsync; the factory ignores a second dispose.</summary>
    public void Dispose() => _base.Dispose();

    public HttpClient CreateClient() => Server.CreateClient();

    public HttpClient CreateClient(string bearerToken)
    {
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        return client;
    }

    public HttpClient AdminClient() => CreateClient(ServerFactory.BootstrapAdminToken);

    public Task<HttpResponseMessage> ActivateAsync(string code) =>
        CreateClient().PostAsJsonAsync("/api/devices/activate", new { activationCode = code, commandId = Guid.NewGuid() });

    /// <summary>Registers and activates a device, returning its credential.</summary>
    public async Task<string> DeviceTokenAsync(string tenant, string facility, string device)
    {
        var code = await Devices.NewCodeAsync(tenant, facility, device);
        var response = await ActivateAsync(code);
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("credential").GetString()!;
    }

    public Task<HttpResponseMessage> AskChallengeAsync(string token, string tenant, string device) =>
        CreateClient(token).PostAsJsonAsync($"/api/tenants/{tenant}/devices/{device}/challenges", new { commandId = Guid.NewGuid() });
}
