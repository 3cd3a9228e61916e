using Microsoft.AspNetCore.Authorization;

namespace MynaEvents.Server.Security.Authorization;

/// <summary>
/// The principal belongs to the route's {tenantId} (a platform administrator belongs to every
/// tenant) and holds one of the roles.
/// </summary>
internal sealed class TenantRoleRequirement(string policy, params string[] roles) : IAuthorizationRequirement
{
    public const string TenantRouteValue = "tenantId";

    public string Policy { get; } = policy;

    public IReadOnlyList<string> Roles { get; } = roles;
}

internal sealed class TenantRoleHandler : AuthorizationHandler<TenantRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantRoleRequirement requirement)
    {
        var user = context.User;
        // Unauthenticated requests are refused by RequireAuthenticatedUser, which leads to a 401.
        if (user.Identity?.IsAuthenticated != true) return Task.CompletedTask;

        // The tenant is checked first: in another group, a role means nothing.
        if (!user.IsPlatformAdmin())
        {
            var routeTenant = (context.Resource as HttpContext)?.GetRouteValue(TenantRoleRequirement.TenantRouteValue) as string;
            if (routeTenant is null)
            {
                // A tenant policy on a route without {tenantId} is a wiring mistake: refuse rather than guess.
                context.Fail(new AuthorizationFailureReason(this, "This operation is not scoped to a tenant; only a platform administrator may call it."));
                return Task.CompletedTask;
            }
            if (!string.Equals(user.TenantId(), routeTenant, StringComparison.Ordinal))
            {
                context.Fail(new AuthorizationFailureReason(this,
                    "tenantId: the token belongs to another clinic group; a token acts only within its own group."));
                return Task.CompletedTask;
            }
        }

        var role = user.Role();
        if (role is null || !requirement.Roles.Contains(role))
        {
            context.Fail(new AuthorizationFailureReason(this,
                $"This operation needs the role {string.Join(" or ", requirement.Roles)}; the token's role is {role ?? "none"}."));
            return Task.CompletedTask;
        }

        context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
