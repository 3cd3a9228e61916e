using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Server.EligibilityGateway;

namespace MynaEvents.Server.Tests.EligibilityGateway;

/// <summary>
/// A gateway of its own (own circuit breaker) wired exactly as the server wires it, through
/// <see cref="EligibilityGatewayRegistration.AddEligibilityGateway"/> and configuration.
/// </summary>
internal sealed class GatewayHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public GatewayHarness(Uri? upstream, params (string Key, string Value)[] settings)
    {
        // Short timeouts and a breaker that needs many attempts, unless a test says otherwise.
        var values = new Dictionary<string, string?>
        {
            [EligibilityGatewayOptions.AttemptTimeoutVariable] = "1000",
            [EligibilityGatewayOptions.TotalTimeoutVariable] = "5000",
            [EligibilityGatewayOptions.RetriesVariable] = "2",
            [EligibilityGatewayOptions.RetryDelayVariable] = "20",
            [EligibilityGatewayOptions.BreakerMinimumThroughputVariable] = "100",
        };
        if (upstream is not null) values[EligibilityGatewayOptions.UrlVariable] = upstream.ToString();
        foreach (var (key, value) in settings) values[key] = value;

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddEligibilityGateway()
            .BuildServiceProvider();
        Gateway = _services.GetRequiredService<IEligibilityGateway>();
    }

    public IEligibilityGateway Gateway { get; }

    public Task<EligibilityAnswer> LookUpAsync(string serial, CancellationToken ct = default) =>
        Gateway.LookUpAsync(Query(serial), ct);

    public static EligibilityQuery Query(string serial) =>
        new(serial, "CN=JPKI User Authentication CA, O=JPKI, C=JP", "1312345678", new DateOnly(2025, 5, 12));

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
