using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using MynaEvents.Server.Telemetry;
using OpenTelemetry.Trace;

namespace MynaEvents.Server.Tests;

public sealed class TraceSamplingTests
{
    [Theory]
    [InlineData("Development", 1.0)]
    [InlineData("Production", 0.1)]
    [InlineData("Staging", 0.1)]
    public void without_a_setting_development_records_every_trace_and_elsewhere_one_in_ten(string environment, double expected)
    {
        Assert.Equal(expected, TraceSampling.From(Settings(null), Environment(environment)).Ratio);
    }

    [Fact]
    public void the_setting_overrides_the_environments_default()
    {
        Assert.Equal(0.25, TraceSampling.From(Settings("0.25"), Environment(Environments.Development)).Ratio);
    }

    [Theory]
    [InlineData("often")]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("0,5")]
    public void an_unusable_ratio_is_refused_naming_the_variable(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TraceSampling.From(Settings(value), Environment(Environments.Production)));

        Assert.Contains(TraceSampling.RatioVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_trace_the_caller_sampled_is_recorded_even_when_no_new_trace_would_be()
    {
        var sampler = new TraceSampling(0).Sampler();
        var sampledParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

        var child = sampler.ShouldSample(new SamplingParameters(sampledParent, sampledParent.TraceId, "POST /x", ActivityKind.Server));
        var root = sampler.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), "POST /x", ActivityKind.Server));

        Assert.Equal(SamplingDecision.RecordAndSample, child.Decision);
        Assert.Equal(SamplingDecision.Drop, root.Decision);
    }

    private static IConfiguration Settings(string? ratio) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [TraceSampling.RatioVariable] = ratio })
        .Build();

    private static HostingEnvironment Environment(string name) => new() { EnvironmentName = name };
}
