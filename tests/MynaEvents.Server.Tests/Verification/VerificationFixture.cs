using MynaEvents.Server.Tests.Security;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Server.Security;
using MynaEvents.Server.Tests.EligibilityGateway;
using MynaEvents.VirtualCard;
using MynaEvents.Testing;

namespace MynaEvents.Server.Tests.Verification;

/// <summary>
/// The real server on its own database, the eligibility simulator on Kestrel, and a test
/// JPKI certification authority the server trusts: everything a reception check touches.
/// </summary>
public class VerificationFixture : IAsyncLifetime
{
    private readonly string _trustDirectory = Directory.CreateTempSubdirectory("myna-trust-").FullName;

    public ServerFactory Server { get; } = new();
    public SimulatorFixture Simulator { get; } = new();
    public TestCardAuthority Authority { get; } = TestCardAuthority.Create();

    public async Task InitializeAsync()
    {
        await Simulator.InitializeAsync();
        Server.Settings["MYNA_ELIGIBILITY_URL"] = Simulator.BaseAddress.ToString();
        Server.Settings["MYNA_JPKI_CA_CERTS"] = Authority.WriteCertificatePem(_trustDirectory);
        // Outages here are error answers, not silence: a generous timeout keeps a busy test machine from failing lookups by chance.
        Server.Settings["MYNA_ELIGIBILITY_ATTEMPT_TIMEOUT_MS"] = "5000";
        Configure(Server.Settings);
        await Server.InitializeAsync();
    }

    /// <summary>Further settings a derived fixture needs before the server starts.</summary>
    protected virtual void Configure(Dictionary<string, string> settings)
    {
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Server).DisposeAsync();
        await Simulator.DisposeAsync();
        Authority.Dispose();
        Directory.Delete(_trustDirectory, recursive: true);
    }

    /// <summary>A registered, activated device of <paramref name="facilityId"/>, as an HTTP client carrying its credential.</summary>
    public async Task<(HttpClient Client, string DeviceId)> DeviceAsync(string tenantId, string facilityId, string? deviceId = null)
    {
        deviceId ??= "dev-" + Guid.NewGuid().ToString("N")[..8];
        await FacilityAsync(tenantId, facilityId);
        var credentials = Server.Services.GetRequiredService<IDeviceCredentials>();
        var code = await credentials.NewCodeAsync(tenantId, facilityId, deviceId);
        using var anonymous = Server.CreateClient();
        var activated = await anonymous.PostAsJsonAsync("/api/devices/activate", new { activationCode = code, commandId = Guid.NewGuid() });
        activated.EnsureSuccessStatusCode();
        var credential = (await activated.JsonAsync()).GetProperty("credential").GetString()!;
        return (Server.CreateClient(credential), deviceId);
    }

    /// <summary>The group and a facility of it with exactly this id, unless they exist.</summary>
    public async Task FacilityAsync(string tenantId, string facilityId)
    {
        using var platform = Server.AdminClient();
        await platform.EnsureGroupAsync(tenantId);
        await platform.EnsureFacilityAsync(tenantId, facilityId);
    }

    /// <summary>A person of the group with a role (reception staff need a facility).</summary>
    public async Task<HttpClient> PersonAsync(string tenantId, string role, string? facilityId = null)
    {
        using var admin = Server.AdminClient();
        var created = await admin.CreatePersonAsync(tenantId, role, facilityId);
        return Server.CreateClient(created.Token);
    }
}
