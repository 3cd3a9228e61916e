using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace MynaEvents.Server.Security.Authorization;

/// <summary>
/// Carries the policy's failure reasons to the authentication handler that writes the 403,
/// so the problem says which rule refused the request (wrong tenant, wrong role, …).
/// </summary>
internal static class ForbiddenReason
{
    private static readonly object Key = new();

    public static string? Read(HttpContext context) => context.Items.TryGetValue(Key, out var reason) ? reason as string : null;

    public static void Write(HttpContext context, string reason) => context.Items[Key] = reason;
}

/// <summary>ASP.NET Core's own result handler, after noting why a policy refused.</summary>
internal sealed class ExplainingResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _inner = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure is { } failure)
        {
            var reasons = failure.FailureReasons.Select(r => r.Message).ToList();
            if (reasons.Count > 0) ForbiddenReason.Write(context, string.Join(" ", reasons));
        }
        return _inner.HandleAsync(next, context, policy, authorizeResult);
    }
}
