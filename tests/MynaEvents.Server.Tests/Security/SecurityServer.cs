using System.Net.Http.Json;
using Alba;
using Microsoft.AspNetCore.Hosting;
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
public sealed class SecurityServer : IAsyncLifetime
{
    private readonly ServerFactory _base = new();
    private readonly string _caDirectory = Directory.CreateTempSubdirectory("myna-test-ca-").FullName;

    public ManualTime Time { get; } = new();

    public TestCardAuthority Authority { get; } = TestCardAuthority.Create();

    public CapturedLogs Logs { get; } = new();

    public TestDatabase Database => _base.Database;

    /// <summary>The running server, for <c>Scenario(...)</c>.</summary>
    public IAlbaHost Host => _base.Host;

    public IServiceProvider Services => _base.Services;

    public IDeviceCredentials Devices => Services.GetRequiredService<IDeviceCredentials>();

    public IChallengeVerifier Challenges => Services.GetRequiredService<IChallengeVerifier>();

    public async Task InitializeAsync()
    {
        _base.Settings["MYNA_JPKI_CA_CERTS"] = Authority.WriteCertificatePem(_caDirectory);
        _base.ConfigureWebHost(builder => builder
            .ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace))
            .ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time)));
        await _base.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _base.DisposeAsync();
        Authority.Dispose();
        Directory.Delete(_caDirectory, recursive: true);
    }

    public HttpClient CreateClient() => _base.CreateClient();

    public HttpClient CreateClient(string bearerToken) => _base.CreateClient(bearerToken);

    public HttpClient AdminClient() => _base.AdminClient();

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
