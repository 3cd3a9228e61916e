using MynaEvents.Server.Features.ReceiptExport;

// In the hosting namespace so ServerHost can call it beside the other features without a using.
namespace MynaEvents.Server.Hosting;

/// <summary>Receipt-software export (レセコン連携) from the facility views. See docs/adr/0018.</summary>
public static class ReceiptExportModule
{
    public static IServiceCollection AddReceiptExport(this IServiceCollection services)
    {
        services.AddSingleton<ReceiptExportQueries>();
        return services;
    }

    public static IEndpointRouteBuilder MapReceiptExport(this IEndpointRouteBuilder app)
    {
        app.MapReceiptExportRoute();
        return app;
    }
}
