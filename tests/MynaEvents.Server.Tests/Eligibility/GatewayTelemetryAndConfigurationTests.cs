using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MynaEvents.Server.EligibilityGateway;

namespace MynaEvents.Server.Tests.EligibilityGateway;

public sealed class GatewayTelemetryAndConfigurationTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private const string TestSourceName = "MynaEvents.Server.Tests.Eligibility";

    // By name in the listener: touching a static source inside ShouldListenTo would create it
    // while the listener is being added, and the new source would miss that listener.
    private static readonly ActivitySource TestSource = new(TestSourceName);

    [Fact]
    public async Task each_lookup_has_a_span_with_its_outcome_and_no_personal_data()
    {
        var person = SimulatorFixture.SamplePerson();
        var serial = await simulator.AddPersonAsync(person);
        await using var harness = new GatewayHarness(simulator.BaseAddress);
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is EligibilityTelemetry.Name or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        ActivityTraceId trace;
        using (var parent = TestSource.StartActivity("test"))
        {
            trace = parent!.TraceId;
            await harness.LookUpAsync(serial);
        }

        // Listeners are process-wide: keep only this test's trace.
        var span = Assert.Single(spans, s => s.TraceId == trace && s.Source.Name == EligibilityTelemetry.Name);
        Assert.Equal("eligibility.lookup", span.OperationName);
        Assert.Equal("found", span.GetTagItem("eligibility.outcome"));
        Assert.Equal(1, span.GetTagItem("eligibility.validity"));
        var tagText = string.Join("|", span.TagObjects.Select(t => $"{t.Key}={t.Value}"));
        foreach (var secret in new[] { serial, person.Name!, person.NameKana!, person.InsuredIdentificationNumber!, "1980-06-15" })
            Assert.DoesNotContain(secret, tagText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task a_failed_lookup_marks_its_span_as_an_error_with_the_reason()
    {
        await using var harness = new GatewayHarness(upstream: null);
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is EligibilityTelemetry.Name or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        ActivityTraceId trace;
        using (var parent = TestSource.StartActivity("test"))
        {
            trace = parent!.TraceId;
            await harness.LookUpAsync(SimulatorFixture.NewSerial());
        }

        var span = Assert.Single(spans, s => s.TraceId == trace && s.Source.Name == EligibilityTelemetry.Name);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("failed", span.GetTagItem("eligibility.outcome"));
        Assert.Equal(false, span.GetTagItem("eligibility.retryable"));
    }

    [Fact]
    public async Task lookups_are_counted_by_outcome()
    {
        var counted = new ConcurrentQueue<string>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == EligibilityTelemetry.Name && instrument.Name == "myna.eligibility.lookups") l.EnableMeasurementEvents(instrument);
        };
        meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == "outcome") counted.Enqueue($"{tag.Value}:{value}");
        });
        meters.Start();
        await using var harness = new GatewayHarness(simulator.BaseAddress);

        await harness.LookUpAsync(SimulatorFixture.NewSerial());

        // Other tests count too (the meter is process-wide); this one's lookup must be among them.
        Assert.Contains("not_found:1", counted);
    }

    [Theory]
    [InlineData(EligibilityGatewayOptions.UrlVariable, "ftp://example")]
    [InlineData(EligibilityGatewayOptions.AttemptTimeoutVariable, "soon")]
    [InlineData(EligibilityGatewayOptions.RetriesVariable, "-1")]
    [InlineData(EligibilityGatewayOptions.BreakDurationVariable, "100")]
    [InlineData(EligibilityGatewayOptions.BreakerFailureRatioVariable, "1.5")]
    public async Task an_unusable_setting_stops_the_host_at_start_naming_the_variable(string variable, string value)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [variable] = value });
        builder.Services.AddEligibilityGateway();
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains(variable, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void a_total_timeout_shorter_than_one_attempt_is_refused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [EligibilityGatewayOptions.AttemptTimeoutVariable] = "5000",
            [EligibilityGatewayOptions.TotalTimeoutVariable] = "1000",
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => new EligibilityGatewayOptions().ReadFrom(configuration));

        Assert.Contains(EligibilityGatewayOptions.TotalTimeoutVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_base_url_keeps_its_path_prefix()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [EligibilityGatewayOptions.UrlVariable] = "https://oqs.example/api/v1",
        }).Build();
        var options = new EligibilityGatewayOptions();

        options.ReadFrom(configuration);

        Assert.Equal("https://oqs.example/api/v1/eligibility/lookups", new Uri(options.BaseAddress!, "eligibility/lookups").ToString());
    }
}
