using Microsoft.AspNetCore.Authorization;
using MynaEvents.Server.Security;
using MynaEvents.Server.Security.Authentication;
using MynaEvents.Server.Security.Authorization;

namespace MynaEvents.Server.Features.FacilityCheckViews;

/// <summary>
/// Who may read facility views: the group readers plus reception staff. Devices may not: a
/// reader at reception runs checks, it does not browse them. Staff are narrowed to their own
/// facility by the endpoints, which know the route's facility.
/// </summary>
internal static class FacilityViewsPolicy
{
    public const string Name = "facility-views";

    public static void Add(AuthorizationOptions options) =>
        options.AddPolicy(Name, new AuthorizationPolicyBuilder(BearerTokenHandler.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new TenantRoleRequirement(Name, MynaRoles.Auditor, MynaRoles.GroupAdmin, MynaRoles.PlatformAdmin, MynaRoles.ReceptionStaff))
            .Build());
}
