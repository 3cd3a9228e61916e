using MynaEvents.Server.Features.Facilities.Endpoints;

namespace MynaEvents.Server.Features.Facilities.Directory;

/// <summary>
/// A facility-scoped route answers 404 problem+json for a facility its group does not have —
/// another group's, or none at all — exactly like <c>GET …/facilities/{facilityId}</c>, before
/// the endpoint reads a view or records an access. An empty list would say "this facility has
/// no checks", which is a different and wrong answer.
/// </summary>
internal static class KnownFacilityFilter
{
    public static TBuilder RequireKnownFacility<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var tenantId = http.GetRouteValue("tenantId") as string;
            var facilityId = http.GetRouteValue("facilityId") as string;
            if (tenantId is null || facilityId is null)
                throw new InvalidOperationException($"{http.GetEndpoint()?.DisplayName} is not a facility-scoped route.");
            var directory = http.RequestServices.GetRequiredService<FacilityDirectory>();
            return await directory.FindFacilityAsync(tenantId, facilityId, http.RequestAborted) is null
                ? FacilityEndpoints.UnknownFacility(facilityId)
                : await next(context);
        });
}
