using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MynaEvents.EligibilitySimulator.Faults;
using MynaEvents.Server.EligibilityGateway;

namespace MynaEvents.Server.Tests.EligibilityGateway;

/// <summary>Retries, timeouts and the circuit breaker, against a real simulator told to misbehave.</summary>
public sealed class GatewayResilienceTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    private string _serial = "";

    public async Task InitializeAsync()
    {
        await simulator.ClearFaultsAsync();
        _serial = await simulator.AddPersonAsync(SimulatorFixture.SamplePerson());
    }

    public Task DisposeAsync() => simulator.ClearFaultsAsync();

    [Fact]
    public async Task upstream_5xx_is_retried_and_the_lookup_succeeds_when_upstream_recovers()
    {
        await using var harness = new GatewayHarness(simulator.BaseAddress);
        await simulator.SetFaultsAsync(new FaultSettings(FailNext: 2));
        var before = await simulator.StatisticsAsync();

        var answer = await harness.LookUpAsync(_serial);

        Assert.IsType<EligibilityAnswer.Found>(answer);
        var after = await simulator.StatisticsAsync();
        Assert.Equal(3, after.Lookups - before.Lookups);
        Assert.Equal(2, after.Errors - before.Errors);
    }

    [Fact]
    public async Task upstream_5xx_beyond_the_retries_is_a_retryable_failure()
    {
        await using var harness = new GatewayHarness(simulator.BaseAddress);
        await simulator.SetFaultsAsync(new FaultSettings(ErrorRate: 1, ErrorStatus: 502));
        var before = await simulator.StatisticsAsync();

        var failed = Assert.IsType<EligibilityAnswer.Failed>(await harness.LookUpAsync(_serial));

        Assert.True(failed.Retryable);
        Assert.Equal("upstream error: HTTP 502", failed.Reason);
        Assert.Equal(3, (await simulator.StatisticsAsync()).Lookups - before.Lookups); // first attempt + 2 retries
    }

    [Fact]
    public async Task a_refused_query_fails_at_once_without_a_retry_and_not_retryable()
    {
        await using var harness = new GatewayHarness(simulator.BaseAddress);
        var before = await simulator.StatisticsAsync();

        var failed = Assert.IsType<EligibilityAnswer.Failed>(await harness.LookUpAsync("not-a-hex-serial"));

        Assert.False(failed.Retryable);
        Assert.Contains("HTTP 400", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(1, (await simulator.StatisticsAsync()).Lookups - before.Lookups);
    }

    [Fact]
    public async Task a_hanging_upstream_times_out_per_attempt_and_is_a_retryable_failure()
    {
        await using var harness = new GatewayHarness(simulator.BaseAddress,
            (EligibilityGatewayOptions.AttemptTimeoutVariable, "300"), (EligibilityGatewayOptions.RetriesVariable, "1"));
        await simulator.SetFaultsAsync(new FaultSettings(Hang: true));
        var before = await simulator.StatisticsAsync();
        var watch = Stopwatch.StartNew();

        var failed = Assert.IsType<EligibilityAnswer.Failed>(await harness.LookUpAsync(_serial));

        Assert.True(failed.Retryable);
        Assert.StartsWith("timeout", failed.Reason, StringComparison.Ordinal);
        Assert.InRange(watch.ElapsedMilliseconds, 550, 3000);
        Assert.Equal(2, (await simulator.StatisticsAsync()).Hangs - before.Hangs);
    }

    [Fact]
    public async Task the_total_timeout_bounds_a_lookup_whatever_the_retries()
    {
        await using var harness = new GatewayHarness(simulator.BaseAddress,
            (EligibilityGatewayOptions.AttemptTimeoutVariable, "400"),
            (EligibilityGatewayOptions.TotalTimeoutVariable, "700"),
            (EligibilityGatewayOptions.RetriesVariable, "10"));
        await simulator.SetFaultsAsync(new FaultSettings(Hang: true));
        var watch = Stopwatch.StartNew();

        var failed = Assert.IsType<EligibilityAnswer.Failed>(await harness.LookUpAsync(_serial));

        Assert.StartsWith("timeout", failed.Reason, StringComparison.Ordinal);
        Assert.InRange(watch.ElapsedMilliseconds, 650, 2000);
    }

    [Fact]
    public async Task slow_answers_within_the_attempt_timeout_are_found()
    {
        await using var harness = new GatewayHarness(simulator.BaseAddress, (EligibilityGatewayOptions.AttemptTimeoutVariable, "1000"));
        await simulator.SetFaultsAsync(new FaultSettings(LatencyMs: 200));

        Assert.IsType<EligibilityAnswer.Found>(await harness.LookUpAsync(_serial));
    }

    [Fact]
    public async Task an_unreachable_upstream_is_a_retryable_connection_failure()
    {
        var closed = ClosedLoopbackPort();
        await using var harness = new GatewayHarness(new Uri($"http://127.0.0.1:{closed}/"));

        var failed = Assert.IsType<EligibilityAnswer.Failed>(await harness.LookUpAsync(_serial));

        Assert.True(failed.Retryable);
        Assert.StartsWith("connection failed", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task without_an_upstream_url_every_lookup_fails_and_is_not_retryable()
    {
        await using var harness = new GatewayHarness(upstream: null);

        var failed = Assert.IsType<EligibilityAnswer.Failed>(await harness.LookUpAsync(_serial));

        Assert.False(failed.Retryable);
        Assert.Contains(EligibilityGatewayOptions.UrlVariable, failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_callers_own_cancellation_is_the_one_thing_that_throws()
    {
        await using var harness = new GatewayHarness(simulator.BaseAddress);
        await simulator.SetFaultsAsync(new FaultSettings(Hang: true));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.LookUpAsync(_serial, cancel.Token));
    }

    [Fact]
    public async Task the_circuit_opens_after_repeated_failures_answers_fast_then_half_opens_and_recovers()
    {
        await using var harness = new GatewayHarness(simulator.BaseAddress,
            (EligibilityGatewayOptions.RetriesVariable, "1"),
            (EligibilityGatewayOptions.BreakerMinimumThroughputVariable, "4"),
            (EligibilityGatewayOptions.BreakerFailureRatioVariable, "0.5"),
            (EligibilityGatewayOptions.BreakerSamplingVariable, "10000"),
            (EligibilityGatewayOptions.BreakDurationVariable, "1000"));
        await simulator.SetFaultsAsync(new FaultSettings(ErrorRate: 1));

        // Two lookups of two attempts each: four failures out of four opens the circuit.
        Assert.IsType<EligibilityAnswer.Failed>(await harness.LookUpAsync(_serial));
        Assert.IsType<EligibilityAnswer.Failed>(await harness.LookUpAsync(_serial));
        await simulator.ClearFaultsAsync();
        var before = await simulator.StatisticsAsync();

        var watch = Stopwatch.StartNew();
        var open = Assert.IsType<EligibilityAnswer.Failed>(await harness.LookUpAsync(_serial));
        watch.Stop();

        Assert.StartsWith("circuit open", open.Reason, StringComparison.Ordinal);
        Assert.True(open.Retryable);
        Assert.True(watch.ElapsedMilliseconds < 100, $"an open circuit answered after {watch.ElapsedMilliseconds} ms");
        Assert.Equal(before.Lookups, (await simulator.StatisticsAsync()).Lookups); // upstream was spared

        await Task.Delay(TimeSpan.FromMilliseconds(1200));
        Assert.IsType<EligibilityAnswer.Found>(await harness.LookUpAsync(_serial)); // the half-open probe
        Assert.IsType<EligibilityAnswer.Found>(await harness.LookUpAsync(_serial)); // closed again
        Assert.Equal(before.Lookups + 2, (await simulator.StatisticsAsync()).Lookups);
    }

    [Fact]
    public async Task refused_queries_do_not_open_the_circuit()
    {
        await using var harness = new GatewayHarness(simulator.BaseAddress,
            (EligibilityGatewayOptions.BreakerMinimumThroughputVariable, "2"),
            (EligibilityGatewayOptions.BreakDurationVariable, "60000"));

        for (var i = 0; i < 5; i++) await harness.LookUpAsync("not-a-hex-serial");

        Assert.IsType<EligibilityAnswer.Found>(await harness.LookUpAsync(_serial));
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
