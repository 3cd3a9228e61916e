using Microsoft.AspNetCore.Authorization;
using MynaEvents.Server.Security.Authentication;

namespace MynaEvents.Server.Security.Authorization;

/// <summary>The policies of <see cref="MynaPolicies"/>: every one is tenant-scoped and names its roles.</summary>
internal static class MynaPolicySetup
{
    public static void AddMynaPolicies(this AuthorizationOptions options)
    {
        Add(options, MynaPolicies.GroupAdmin, MynaRoles.GroupAdmin, MynaRoles.PlatformAdmin);
        Add(options, MynaPolicies.GroupReader, MynaRoles.Auditor, MynaRoles.GroupAdmin, MynaRoles.PlatformAdmin);
        Add(options, MynaPolicies.Reception, MynaRoles.ReceptionStaff, MynaRoles.Device);
        Add(options, MynaPolicies.Device, MynaRoles.Device);
        Add(options, MynaPolicies.FacilityReader, MynaRoles.Auditor, MynaRoles.GroupAdmin, MynaRoles.PlatformAdmin, MynaRoles.ReceptionStaff);
        // Not tenant-scoped: the operator's endpoints span every group.
        options.AddPolicy(MynaPolicies.PlatformAdmin, new AuthorizationPolicyBuilder(BearerTokenHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(MynaClaims.Role, MynaRoles.PlatformAdmin)
            .Build());
    }

    private static void Add(AuthorizationOptions options, string name, params string[] roles) =>
        options.AddPolicy(name, new AuthorizationPolicyBuilder(BearerTokenHandler.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new TenantRoleRequirement(name, roles))
            .Build());
}
