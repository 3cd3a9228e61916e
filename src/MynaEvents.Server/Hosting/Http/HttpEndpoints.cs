using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.OpenApi;
using Wolverine.Http;

namespace MynaEvents.Server.Hosting.Http;

/// <summary>
/// Wolverine.Http endpoints (the commands that run through Wolverine's aggregate handler workflow),
/// with the conventions every API endpoint has: the route's <c>{tenantId}</c> is the Marten tenant,
/// a body is read and scanned by <see cref="RequestBodyStrategy"/>, a command's envelope is checked
/// by <see cref="CommandEnvelope"/>, and the OpenAPI document lists the standard error answers.
/// </summary>
internal static class HttpEndpoints
{
    public static IServiceCollection AddHttpEndpoints(this IServiceCollection services) => services.AddWolverineHttp();

    public static WebApplication MapHttpEndpoints(this WebApplication app)
    {
        app.MapWolverineEndpoints(opts =>
        {
            opts.TenantId.IsRouteArgumentNamed("tenantId");
            opts.AddParameterHandlingStrategy(new RequestBodyStrategy());
            opts.AddPolicy<RequestBodyStrategy.Policy>();
            opts.AddMiddlewareByMessageType(typeof(CommandEnvelope));
            opts.ConfigureEndpoints(chain =>
            {
                chain.WithStandardResponses();
                // Wolverine describes an endpoint by its generated handler's name; the document says
                // who may call it instead (ApiDocument), as it does for every other operation.
                chain.Metadata.WithDescription("");
            });
        });
        return app;
    }
}
