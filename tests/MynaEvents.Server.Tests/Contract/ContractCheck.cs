using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MynaEvents.Server.Tests.Contract;

/// <summary>A response that breaks the served API description; it fails the test that received it.</summary>
public sealed class ContractViolationException(string message) : Exception(message);

/// <summary>
/// Holds every answer the test server gives to the API description it serves: the outermost
/// middleware buffers the answer, checks it with <see cref="ApiContract"/>, and throws instead of
/// answering when it breaks the contract, so the request fails in the test that sent it.
/// </summary>
internal sealed class ContractCheck : IStartupFilter
{
    private const string DocumentPath = "/openapi/v1.json";

    private readonly Lock _gate = new();
    private Task<ApiContract>? _contract;

    /// <summary>Answers checked so far, for the test that proves the check runs.</summary>
    public int Checked;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var original = context.Response.Body;
            await using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                context.Response.Body = original;
            }
            if (!context.Request.Path.StartsWithSegments(DocumentPath))
            {
                var contract = await ContractAsync(context.RequestServices);
                var path = context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern } ? ApiContract.PathOf(pattern) : null;
                if (path is not null && !contract.HasOperation(context.Request.Method, path)) path = null;
                var violation = contract.Check(context.Request.Method, path, context.Response.StatusCode, context.Response.ContentType, buffer.ToArray());
                Interlocked.Increment(ref Checked);
                if (violation is not null)
                    throw new ContractViolationException($"{context.Request.Method} {context.Request.Path}: {violation}");
            }
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        });
        next(app);
    };

    // The document is asked of the application's own OpenAPI endpoint, once.
    private Task<ApiContract> ContractAsync(IServiceProvider services)
    {
        lock (_gate) return _contract ??= LoadAsync(services);
    }

    private static async Task<ApiContract> LoadAsync(IServiceProvider services)
    {
        var endpoint = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == "/openapi/{documentName}.json");
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "GET";
        context.Request.RouteValues["documentName"] = "v1";
        using var body = new MemoryStream();
        context.Response.Body = body;
        await endpoint.RequestDelegate!(context);
        return new ApiContract(Encoding.UTF8.GetString(body.ToArray()));
    }
}
