using System.Diagnostics;

namespace MynaEvents.Server.Telemetry;

/// <summary>
/// Names the request's span after its route template and tags the status code, so traces
/// group by "POST /api/tenants/{tenantId}/streams/{streamId}/events" rather than by raw URL.
/// </summary>
internal sealed class RouteTagMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        finally
        {
            if (Activity.Current is { } activity)
            {
                if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route })
                {
                    activity.SetTag("http.route", route);
                    activity.DisplayName = $"{context.Request.Method} {route}";
                }
                activity.SetTag("http.response.status_code", context.Response.StatusCode);
            }
        }
    }
}
