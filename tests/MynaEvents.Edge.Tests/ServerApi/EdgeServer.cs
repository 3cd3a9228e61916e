using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Edge.ServerApi;
using MynaEvents.EligibilitySimulator;
using MynaEvents.EligibilitySimulator.Persons;
using MynaEvents.Server.Hosting;
using MynaEvents.Server.Security;
using MynaEvents.Testing;
using MynaEvents.VirtualCard;

namespace MynaEvents.Edge.Tests.ServerApi;

/// <summary>
/// What the edge talks to, all real and in-process: the server on its own PostgreSQL database,
/// the eligibility simulator on Kestrel, and a test JPKI CA the server trusts for PIN mode.
/// </summary>
public sealed class EdgeServer : IAsyncLifetime, IDisposable
{
    private readonly string _trustDirectory = Directory.CreateTempSubdirectory("myna-edge-trust-").FullName;
    private readonly Factory _factory = new();
    private WebApplication? _simulator;
    private HttpClient? _simulatorAdmin;

    public TestDatabase Database => _factory.Database;

    public TestCardAuthority Authority { get; } = TestCardAuthority.Create();

    public async Task InitializeAsync()
    {
        _simulator = SimulatorApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"]);
        await _simulator.StartAsync();
        var simulatorUrl = _simulator.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/";
        _simulatorAdmin = new HttpClient { BaseAddress = new Uri(simulatorUrl) };

        await Database.InitializeAsync();
        _factory.Settings["MYNA_ELIGIBILITY_URL"] = simulatorUrl;
        _factory.Settings["MYNA_JPKI_CA_CERTS"] = Authority.WriteCertificatePem(_trustDirectory);
        _ = _factory.Server; // start now: the schema exists before the first test
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await Database.DisposeAsync();
        _simulatorAdmin?.Dispose();
        if (_simulator is not null) await _simulator.DisposeAsync();
        Authority.Dispose();
        Directory.Delete(_trustDirectory, recursive: true);
    }

    /// <summary>xunit calls this after DisposeAsync; both ignore a second dispose.</summary>
    public void Dispose()
    {
        _factory.Dispose();
        _simulatorAdmin?.Dispose();
    }

    /// <summary>An HttpClient into the in-process server; its base address is the server's URL.</summary>
    public HttpClient Http() => _factory.CreateClient();

    public MynaServerClient Client() => new(Http());

    /// <summary>A client pointed at a loopback port nobody listens on: a stopped server.</summary>
    public static MynaServerClient StoppedServer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new MynaServerClient(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) });
    }

    /// <summary>A one-time activation code for a device of <paramref name="facilityId"/>, as the group administrator's registration gives it.</summary>
    public Task<string> ActivationCodeAsync(string tenantId, string facilityId, string deviceId) =>
        _factory.Services.GetRequiredService<IDeviceCredentials>().IssueActivationCodeAsync(tenantId, facilityId, deviceId, CancellationToken.None);

    /// <summary>A new tenant with one activated device; the credential comes through the edge's own client.</summary>
    public async Task<DeviceCredential> DeviceAsync(string facilityId = "fac-judo-1")
    {
        var tenant = "edge-" + Guid.NewGuid().ToString("N")[..10];
        var code = await ActivationCodeAsync(tenant, facilityId, "dev-" + Guid.NewGuid().ToString("N")[..8]);
        return await Client().ActivateAsync(code, CancellationToken.None);
    }

    /// <summary>A patient's card, known to the national system with the given validity (1 有効, 2 無効, 4 該当資格なし…).</summary>
    public async Task<TestCard> PatientAsync(string validity = QualificationValidities.Valid)
    {
        var card = Authority.IssueCard();
        await ServerSide.RegisterPatientAsync(_simulatorAdmin!, card, validity, "試験\u3000" + Guid.NewGuid().ToString("N")[..6], "シケン\u3000タロウ");
        return card;
    }

    /// <summary>Command ids of a tenant's verification events, in the order the server wrote them, with how many events each wrote.</summary>
    public Task<List<(Guid CommandId, long Events)>> CommandsWrittenAsync(string tenantId) => ServerSide.CommandsWrittenAsync(Database, tenantId);

    private sealed class Factory : WebApplicationFactory<global::Program>
    {
        public TestDatabase Database { get; } = new();

        public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting(ServerOptions.DatabaseVariable, Database.ConnectionString);
            builder.UseSetting("MYNA_MASTER_KEY", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            builder.UseSetting("MYNA_ELIGIBILITY_ATTEMPT_TIMEOUT_MS", "5000");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        }
    }
}
