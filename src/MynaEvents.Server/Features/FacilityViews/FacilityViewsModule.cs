using MynaEvents.Server.Storage.Projections;
using MynaEvents.Server.Storage.Schema;
using MynaEvents.Server.Features.Facilities.Views;
using MynaEvents.Server.Features.FacilityCheckViews;
using MynaEvents.Server.Privacy;

// In the hosting namespace so ServerHost can call it beside the other features without a using.
namespace MynaEvents.Server.Hosting;

/// <summary>
/// The shared facility views (施術所ごとの照会結果): the async facility_checks projection, its
/// table, its part in the 翌月末 sweep, and the read endpoints. See docs/adr/0017.
/// </summary>
public static class FacilityViewsModule
{
    public static MigrationModule Migrations { get; } =
        MigrationModule.FromAssembly("facility-views", typeof(FacilityViewsModule).Assembly, "Features/FacilityViews/Migrations/");

    public static IServiceCollection AddFacilityViews(this IServiceCollection services)
    {
        services.AddSingleton(Migrations);
        services.AddSingleton<FacilityChecksProjection>();
        services.AddSingleton(sp => new AsyncViewProjection(sp.GetRequiredService<FacilityChecksProjection>()));
        services.AddSingleton<IRetentionParticipant, FacilityChecksRetention>();
        services.AddSingleton<FacilityCheckQueries>();
        services.AddSingleton<ICardReadHistory, FacilityCardReads>();
        return services;
    }

    public static IEndpointRouteBuilder MapFacilityViews(this IEndpointRouteBuilder app)
    {
        app.MapFacilityViewRoutes();
        return app;
    }
}
