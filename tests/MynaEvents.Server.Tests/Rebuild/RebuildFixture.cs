using MynaEvents.Server.Tests.EligibilityGateway;
using MynaEvents.Testing.Cards;

namespace MynaEvents.Server.Tests.Rebuild;

/// <summary>
/// Like <see cref="Verification.VerificationFixture"/> (real server on its own database, the
/// eligibility simulator, a trusted test JPKI authority), but with the gateway tuned for a long
/// randomised workload: no retries, so a simulated outage fails a lookup at once, and a circuit
/// breaker that never opens, so a lookup retried after the outage confirms without waiting out
/// a break.
/// </summary>
public sealed class RebuildFixture : IAsyncLifetime
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
        Server.Settings["MYNA_ELIGIBILITY_ATTEMPT_TIMEOUT_MS"] = "500";
        Server.Settings["MYNA_ELIGIBILITY_RETRIES"] = "0";
        Server.Settings["MYNA_ELIGIBILITY_BREAKER_MIN_THROUGHPUT"] = "10000";
        await Server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Server).DisposeAsync();
        await Simulator.DisposeAsync();
        Authority.Dispose();
        Directory.Delete(_trustDirectory, recursive: true);
    }
}
