using MynaEvents.Server.Storage;
using MynaEvents.Server.Features.AccessRecords;

// In the hosting namespace so ServerHost can call it beside the other features without a using.
namespace MynaEvents.Server.Hosting;

/// <summary>Access records (閲覧記録) of personal data: see docs/adr/0018.</summary>
public static class AccessRecordsModule
{
    public static IServiceCollection AddAccessRecords(this IServiceCollection services)
    {
        services.AddSingleton<IEventTypeRegistration, AccessEventTypes>();
        services.AddSingleton<AccessRecorder>();
        return services;
    }
}
