using JasperFx.Events.Projections;
using Marten;
using MynaEvents.Domain.Colocation;
using MynaEvents.Domain.Onboarding;
using MynaEvents.Domain.Tenancy;
using MynaEvents.Server.Storage;
using MynaEvents.Server.Storage.Projections;
using MynaEvents.Server.Storage.Schema;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Features.Facilities.Directory;
using MynaEvents.Server.Features.Facilities.Endpoints;
using MynaEvents.Server.Features.Facilities.Views;
using MynaEvents.Server.Hosting;
using MynaEvents.Server.Security;

namespace MynaEvents.Server.Features.Facilities;

/// <summary>
/// Clinic groups, branches and facilities; onboarding (利用申請 → approval → devices → 運用開始日);
/// exemptions; co-location (併設). See README.md in this folder for the streams and the trade-offs.
/// </summary>
public static class FacilitiesModule
{
    public static IServiceCollection AddFacilities(this IServiceCollection services)
    {
        services.AddSingleton<IEventTypeRegistration, FacilityEventTypes>();
        services.AddSingleton(MigrationModule.FromAssembly("facilities", typeof(FacilitiesModule).Assembly, "Features/Facilities/Migrations/"));
        // Inline: in each append's transaction, so the next command sees what this one registered.
        services.AddSingleton(new InlineViewProjection(new DirectoryProjection()));
        services.AddSingleton<FacilityDirectory>();
        services.AddSingleton<IGroupDirectory, GroupDirectory>();
        // The streams as Wolverine's aggregate handler workflow loads them for a command (Marten's live aggregation).
        services.ConfigureMarten(options =>
        {
            options.Projections.Add(new WriteModelProjection<GroupState, IGroupEvent>(GroupState.Initial, (s, e) => s.Apply(e)), ProjectionLifecycle.Live);
            options.Projections.Add(new WriteModelProjection<FacilityState, IFacilityEvent>(_ => FacilityState.Initial, (s, e) => s.Apply(e)), ProjectionLifecycle.Live);
            options.Projections.Add(new WriteModelProjection<ColocationState, IColocationEvent>(_ => ColocationState.Initial, (s, e) => s.Apply(e)), ProjectionLifecycle.Live);
        });
        services.AddSingleton<FacilityViews>();
        return services;
    }

    public static IEndpointRouteBuilder MapFacilities(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/tenants/{tenantId}").WithTags("Facilities");
        tenant.MapFacilityQueries();
        tenant.MapStructureQueries();
        return app;
    }
}
