using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MynaEvents.Server.EligibilityGateway;

public static class EligibilityGatewayRegistration
{
    /// <summary>
    /// The HTTP gateway to the eligibility system, configured from MYNA_ELIGIBILITY_* (see
    /// <see cref="EligibilityGatewayOptions"/>). Unusable values stop the host at start, with a
    /// message naming the variable; an unset URL does not (every lookup then fails, not retryable).
    /// </summary>
    public static IServiceCollection AddEligibilityGateway(this IServiceCollection services)
    {
        services.AddOptions<EligibilityGatewayOptions>()
            .Configure<IConfiguration>((options, configuration) => options.ReadFrom(configuration))
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(HttpEligibilityGateway.ClientName, client =>
            {
                // Polly owns every timeout; HttpClient's own 100 s default would only confuse which one fired.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            // The gateway logs each lookup's outcome itself; per-request handler logs would only repeat it.
            .RemoveAllLoggers();
        services.AddSingleton<IEligibilityGateway, HttpEligibilityGateway>();
        return services;
    }
}
