using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.Server.Features.Dashboard;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Features.Facilities.Views;
using MynaEvents.Server.Security;

// In the Hosting namespace, like the other features added late, so ServerHost needs no using.
namespace MynaEvents.Server.Hosting;

/// <summary>
/// The clinic group's dashboard: per branch and in total, by kind, how many facilities applied,
/// are ready, are exempt (by reason), are met by co-location, and still fall short. It reads what
/// <see cref="FacilityViews"/> folds for the facility list, for today in JST (TimeProvider).
/// </summary>
public static class DashboardModule
{
    public static IServiceCollection AddDashboard(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/tenants/{tenantId}/dashboard", GetAsync)
            .RequireAuthorization(MynaPolicies.GroupReader)
            .WithTags("Dashboard")
            .WithName("GetDashboard")
            .WithSummary("Per branch and in total, by kind (judo / ahaki): facilities that applied, are ready, are exempt by reason, "
                + "are met by co-location and are not met, with percentages of all facilities (the ministry's table)");
        return app;
    }

    private static async Task<Results<Ok<DashboardResponse>, ProblemHttpResult>> GetAsync(
        string tenantId, FacilityViews views, CancellationToken cancellationToken)
    {
        if (await views.GroupFacilitiesAsync(tenantId, cancellationToken) is not { } group)
            return CommandAnswers.NotFound("tenantId", $"the clinic group '{tenantId}' has not been created");

        var branches = group.Branches
            .Select(branch => new BranchDashboard(branch.BranchId, branch.Name, DashboardTally.Table(branch.Facilities.ToList())))
            .ToList();
        var total = DashboardTally.Table(group.Branches.SelectMany(b => b.Facilities).ToList());
        return TypedResults.Ok(new DashboardResponse(tenantId, group.Name, group.AsOf, total, branches));
    }
}
