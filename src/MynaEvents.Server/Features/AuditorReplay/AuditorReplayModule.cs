using MynaEvents.Server.Features.AuditorReplay;

// In the hosting namespace so ServerHost can call it beside the other features without a using.
namespace MynaEvents.Server.Hosting;

/// <summary>
/// Auditor replay: a facility's checks straight from the event log (history over a range of
/// first-recorded instants) and as they stood at an instant (time travel). Read-only, for
/// group readers (auditors and administrators).
/// </summary>
public static class AuditorReplayModule
{
    public static IServiceCollection AddAuditorReplay(this IServiceCollection services)
    {
        services.AddSingleton<AuditorReplayReader>();
        return services;
    }

    public static IEndpointRouteBuilder MapAuditorReplay(this IEndpointRouteBuilder app)
    {
        app.MapAuditorReplayRoutes();
        return app;
    }
}
