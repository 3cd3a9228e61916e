using System.Net.Http.Json;
using Alba;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Server.EligibilityGateway;
using MynaEvents.Server.Privacy;
using MynaEvents.Server.Privacy.Sweeping;
using MynaEvents.Server.Security;
using MynaEvents.Server.Tests.EligibilityGateway;
using MynaEvents.Server.Tests.Security;
using MynaEvents.Testing;
using MynaEvents.VirtualCard;

namespace MynaEvents.Server.Tests.Retention;

/// <summary>
/// The real server on its own database, with the simulator, a trusted test JPKI CA, a clock
/// the test moves, and the sweep schedule off: the tests run every pass themselves.
/// </summary>
public sealed class RetentionServer : IAsyncLifetime
{
    private readonly ServerFactory _base = new();
    private readonly string _trustDirectory = Directory.CreateTempSubdirectory("myna-retention-trust-").FullName;

    public ManualTime Time { get; } = new();
    public SimulatorFixture Simulator { get; } = new();
    public TestCardAuthority Authority { get; } = TestCardAuthority.Create();

    /// <summary>A retention participant of the test's own, besides whatever views the server registers.</summary>
    public GatedParticipant Participant { get; } = new();

    /// <summary>Runs while the national system is being asked: lets a test move the clock during a lookup.</summary>
    public Action? WhileUpstreamAnswers { get; set; }

    public TestDatabase Database => _base.Database;
    /// <summary>The running server, for <c>Scenario(...)</c>.</summary>
    public IAlbaHost Host => _base.Host;
    public IServiceProvider Services => _base.Services;
    public RetentionSweeper Sweeper => Services.GetRequiredService<RetentionSweeper>();

    public async Task InitializeAsync()
    {
        await Simulator.InitializeAsync();
        _base.Settings["MYNA_ELIGIBILITY_URL"] = Simulator.BaseAddress.ToString();
        _base.Settings["MYNA_JPKI_CA_CERTS"] = Authority.WriteCertificatePem(_trustDirectory);
        _base.Settings[RetentionSweepOptions.IntervalVariable] = "0";
        _base.ConfigureWebHost(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IRetentionParticipant>(Participant);
            var real = services.Last(d => d.ServiceType == typeof(IEligibilityGateway));
            services.Remove(real);
            services.AddSingleton<IEligibilityGateway>(sp => new ClockCrossingUpstream(
                (IEligibilityGateway)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!), this));
        }));
        await _base.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _base.DisposeAsync();
        await Simulator.DisposeAsync();
        Authority.Dispose();
        Directory.Delete(_trustDirectory, recursive: true);
    }

    /// <summary>A registered, activated device of the facility, as an HTTP client carrying its credential.</summary>
    public async Task<HttpClient> DeviceAsync(string tenantId, string facilityId)
    {
        var deviceId = "dev-" + Guid.NewGuid().ToString("N")[..8];
        var code = await Services.GetRequiredService<IDeviceCredentials>().NewCodeAsync(tenantId, facilityId, deviceId);
        using var anonymous = _base.CreateClient();
        var activated = await anonymous.PostAsJsonAsync("/api/devices/activate", new { activationCode = code, commandId = Guid.NewGuid() });
        activated.EnsureSuccessStatusCode();
        return _base.CreateClient((await activated.JsonAsync()).GetProperty("credential").GetString()!);
    }

    /// <summary>Moves the server's clock to just after <paramref name="instant"/>.</summary>
    public void MoveClockPast(DateTimeOffset instant) => Time.Advance(instant - Time.GetUtcNow() + TimeSpan.FromSeconds(1));

    private sealed class ClockCrossingUpstream(IEligibilityGateway inner, RetentionServer server) : IEligibilityGateway
    {
        public async Task<EligibilityAnswer> LookUpAsync(EligibilityQuery query, CancellationToken ct)
        {
            var answer = await inner.LookUpAsync(query, ct);
            server.WhileUpstreamAnswers?.Invoke();
            return answer;
        }
    }
}

/// <summary>
/// A retention participant that records the instant it was asked to drop up to, and that a
/// test can hold inside a pass (to see a second sweeper meanwhile) or make fail.
/// </summary>
public sealed class GatedParticipant : IRetentionParticipant
{
    private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _gate;
    private TaskCompletionSource? _held;

    public string Name => "test-participant";
    public List<DateTimeOffset> AskedUpTo { get; } = [];
    public bool FailNext { get; set; }

    /// <summary>The next pass stops inside this participant until <see cref="Release"/>; returns when it got there.</summary>
    public Func<Task> HoldNextPass()
    {
        _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        return () => _entered.Task;
    }

    public void Release() => (_held ?? _gate)?.TrySetResult();

    public async Task<int> DropExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (AskedUpTo) AskedUpTo.Add(now);
        if (Interlocked.Exchange(ref _gate, null) is { } gate)
        {
            _held = gate;
            _entered.TrySetResult();
            await gate.Task.WaitAsync(cancellationToken);
        }
        if (FailNext)
        {
            FailNext = false;
            throw new InvalidOperationException("a participant failing mid-sweep");
        }
        return 0;
    }
}
