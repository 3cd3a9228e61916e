using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MynaEvents.Edge.ServerApi;
using MynaEvents.EligibilitySimulator;
using MynaEvents.EligibilitySimulator.Persons;
using MynaEvents.Edge.Tests.EndToEnd;
using MynaEvents.Server.Hosting;
using MynaEvents.Server.Security;
using MynaEvents.Server.Telemetry;
using MynaEvents.Testing;
using MynaEvents.VirtualCard;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MynaEvents.Edge.Tests;

/// <summary>
/// The server on real Kestrel (an edge process can reach it), its own PostgreSQL database, the
/// eligibility simulator, a test JPKI CA the server trusts, and a <see cref="TcpGate"/> in
/// front, through which every edge talks: closing it drops the network. Every log line the
/// server writes and every span it ends are kept, so a test can search them. The server is its
/// own host, started as <c>Program</c> starts it (Alba's TestServer has no sockets), with the
/// test settings as command-line arguments.
/// </summary>
public sealed class EdgeServer : IAsyncLifetime, IDisposable
{
    public const string BootstrapAdminToken = "edge-e2e-bootstrap-admin-7c1d9f2b4a6e8d0c3b5a7f9e1d2c4b6a";

    private readonly string _trustDirectory = Directory.CreateTempSubdirectory("myna-e2e-trust-").FullName;
    private WebApplication? _server;
    private Uri? _serverAddress;
    private WebApplication? _simulator;
    private HttpClient? _simulatorAdmin;

    public TestDatabase Database { get; } = new();

    public TestCardAuthority Authority { get; } = TestCardAuthority.Create();

    public TcpGate Gate { get; private set; } = null!;

    /// <summary>Where edges connect: the gate.</summary>
    public Uri Address => Gate.Address;

    public ConcurrentQueue<string> ServerLog { get; } = new();

    public ConcurrentQueue<Activity> Spans { get; } = new();

    public async Task InitializeAsync()
    {
        _simulator = SimulatorApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"]);
        await _simulator.StartAsync();
        var simulatorUrl = _simulator.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/";
        _simulatorAdmin = new HttpClient { BaseAddress = new Uri(simulatorUrl) };

        await Database.InitializeAsync();
        _server = ServerHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            // As WebApplicationFactory started it: the application is the server's assembly, in Development.
            "--applicationName", typeof(ServerHost).Assembly.GetName().Name!,
            "--environment", "Development",
            "--Logging:LogLevel:Default=Debug",
            $"--{ServerOptions.DatabaseVariable}={Database.ConnectionString}",
            $"--MYNA_MASTER_KEY={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))}",
            "--MYNA_ELIGIBILITY_ATTEMPT_TIMEOUT_MS=5000",
            $"--MYNA_BOOTSTRAP_ADMIN_TOKEN={BootstrapAdminToken}",
            $"--{TraceSampling.RatioVariable}=1",
            $"--MYNA_ELIGIBILITY_URL={simulatorUrl}",
            $"--MYNA_JPKI_CA_CERTS={Authority.WriteCertificatePem(_trustDirectory)}",
        ]);
        // The host is built but not started: a logger provider and a span processor still join
        // (the server clears the logging providers while it is being built, so not before).
        _server.Services.GetRequiredService<ILoggerFactory>().AddProvider(new Capture(ServerLog));
        _server.Services.GetRequiredService<TracerProvider>().AddProcessor(new Collector(Spans));
        await _server.StartAsync();
        _serverAddress = new Uri(_server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Gate = new TcpGate(new IPEndPoint(IPAddress.Loopback, _serverAddress.Port));
    }

    public async Task DisposeAsync()
    {
        await Gate.DisposeAsync();
        if (_server is not null)
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
        }
        await Database.DisposeAsync();
        _simulatorAdmin?.Dispose();
        if (_simulator is not null) await _simulator.DisposeAsync();
        Authority.Dispose();
        Directory.Delete(_trustDirectory, recursive: true);
    }

    public void Dispose() => _simulatorAdmin?.Dispose();

    /// <summary>An HttpClient for the edge, through the gate.</summary>
    public HttpClient EdgeHttp() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The edge's client of the server, through the gate.</summary>
    public MynaServerClient Client() => new(EdgeHttp());

    /// <summary>A client pointed at a loopback port nobody listens on: a stopped server.</summary>
    public static MynaServerClient StoppedServer()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new MynaServerClient(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) });
    }

    /// <summary>A new tenant with one activated device at <paramref name="facilityId"/>, activated through the gate.</summary>
    public async Task<DeviceCredential> DeviceAsync(string facilityId = "fac-judo-1")
    {
        var tenant = "e2e-" + Guid.NewGuid().ToString("N")[..10];
        var code = await ActivationCodeAsync(tenant, facilityId);
        using var http = EdgeHttp();
        return await new MynaServerClient(http).ActivateAsync(code, CancellationToken.None);
    }

    /// <summary>A one-time activation code for a device of <paramref name="facilityId"/>, as the group administrator's registration gives it.</summary>
    public async Task<string> ActivationCodeAsync(string tenantId, string facilityId, string? deviceId = null)
    {
        using (var admin = AdminClient()) await admin.EnsureFacilityAsync(tenantId, facilityId);
        return (await _server!.Services.GetRequiredService<IDeviceCredentials>().IssueActivationCodeAsync(
            tenantId, facilityId, deviceId ?? "dev-" + Guid.NewGuid().ToString("N")[..8], Guid.NewGuid(), CancellationToken.None))!.Code;
    }

    /// <summary>A patient's card, known to the national system with the given validity (1 有効, 2 無効, 4 該当資格なし…).</summary>
    public async Task<TestCard> PatientAsync(string validity = QualificationValidities.Valid, string name = "試験\u3000花子", string kana = "シケン\u3000ハナコ")
    {
        var card = Authority.IssueCard();
        var person = new SimulatedPerson("01130012", "全国健康保険協会東京支部", "5012", "34567", "00", "1",
            name, kana, new DateOnly(1980, 6, 15), new DateOnly(2010, 4, 1),
            validity is QualificationValidities.Invalid ? new DateOnly(2025, 3, 31) : null, "030", null, validity);
        (await _simulatorAdmin!.PutAsJsonAsync($"admin/persons/{card.Certificate.SerialNumber}", person)).EnsureSuccessStatusCode();
        return card;
    }

    /// <summary>A client acting as the platform administrator, straight to the server.</summary>
    private HttpClient AdminClient() => ServerClient(BootstrapAdminToken);

    /// <summary>A client straight to the server (not through the gate) sending <c>Authorization: Bearer {bearerToken}</c>.</summary>
    private HttpClient ServerClient(string bearerToken)
    {
        var client = new HttpClient { BaseAddress = _serverAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        return client;
    }

    /// <summary>A reception staff member's client for the facility views (straight to the server, not through the gate).</summary>
    public async Task<HttpClient> StaffAsync(string tenantId, string facilityId)
    {
        using var admin = AdminClient();
        await admin.EnsureFacilityAsync(tenantId, facilityId);
        var created = await admin.PostAsJsonAsync($"/api/tenants/{tenantId}/people", new { commandId = Guid.NewGuid(), displayName = "Reception", role = "reception_staff", facilityId });
        created.EnsureSuccessStatusCode();
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        return ServerClient(token);
    }

    /// <summary>Command ids of a tenant's verification events, in the order the server wrote them, with how many events each wrote.</summary>
    public async Task<List<(Guid CommandId, long Events)>> CommandsWrittenAsync(string tenantId)
    {
        await using var command = Database.DataSource.CreateCommand(
            "select (headers->>'command_id')::uuid, count(*) from myna_events.mt_events where type <> 'tombstone' and tenant_id = $1 and stream_id like 'verification-%' " +
            "group by 1 order by min(seq_id)");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = tenantId });
        await using var reader = await command.ExecuteReaderAsync();
        var written = new List<(Guid, long)>();
        while (await reader.ReadAsync()) written.Add((reader.GetGuid(0), reader.GetInt64(1)));
        return written;
    }

    /// <summary>Every row of every table of the database, as text: what a plaintext scan searches.</summary>
    public async Task<string> EverythingStoredAsync()
    {
        var tables = new List<string>();
        await using (var list = Database.DataSource.CreateCommand(
            "select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables " +
            "where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')"))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var dump = Database.DataSource.CreateCommand($"select t::text from {table} t");
            await using var reader = await dump.ExecuteReaderAsync();
            while (await reader.ReadAsync()) text.AppendLine(reader.GetString(0));
        }
        return text.ToString();
    }

    private sealed class Capture(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Line(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Line(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }

    private sealed class Collector(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }
}
