using JasperFx.CodeGeneration;
using MynaEvents.Server.EligibilityGateway;
using MynaEvents.Server.Errors;
using MynaEvents.Server.Features.Facilities;
using MynaEvents.Server.Features.Projections;
using MynaEvents.Server.Features.Streams;
using MynaEvents.Server.Features.Verification;
using MynaEvents.Server.Health;
using MynaEvents.Server.Hosting.Http;
using MynaEvents.Server.OpenApi;
using MynaEvents.Server.Privacy;
using MynaEvents.Server.Privacy.Sweeping;
using MynaEvents.Server.Security;
using MynaEvents.Server.Storage;
using MynaEvents.Server.Telemetry;

namespace MynaEvents.Server.Hosting;

/// <summary>Builds the web application: services, middleware and endpoints, in one readable place.</summary>
public static class ServerHost
{
    /// <summary>JasperFx's code generation verb (<c>codegen write</c>, <c>codegen preview</c>, <c>codegen test</c>).</summary>
    public const string CodegenVerb = "codegen";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffK ";
            options.UseUtcTimestamp = true;
        });
        // Npgsql logs every command at Information; SQL is parameterised, but the volume is noise.
        builder.Logging.AddFilter("Npgsql", LogLevel.Warning);
        // Marten logs every schema statement it applies at start, and every daemon batch.
        builder.Logging.AddFilter("Marten", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.Limits.MaxRequestBodySize = ServerOptions.From(context.Configuration).MaxRequestBodyBytes;
            kestrel.ConfigureEndpointDefaults(listen => listen.RewriteAsProblems(kestrel.Limits));
        });

        builder.AddServerTelemetry();
        builder.Services.AddProblemHandling();
        builder.Services.AddStorage();
        var generatingCode = args is [CodegenVerb, ..];
        builder.Services.AddMessaging(wolverine =>
        {
            wolverine.ScheduleRetentionSweep(builder.Configuration);
            // `codegen` writes what the handlers generate today: in Static mode Wolverine would take
            // its handler list from the registry generated last time instead of scanning.
            if (generatingCode) wolverine.CodeGeneration.TypeLoadMode = TypeLoadMode.Dynamic;
        });
        builder.Services.AddHttpEndpoints();
        builder.Services.AddPrivacy();
        builder.Services.AddRetentionSweeper();
        builder.Services.AddEligibilityGateway();
        builder.Services.AddHealth();
        builder.Services.AddApiDocument();
        builder.Services.AddSecurity();
        builder.Services.AddFacilities();
        builder.Services.AddVerification();
        builder.Services.AddFacilityViews();
        builder.Services.AddReceiptExport();
        builder.Services.AddAccessRecords();
        builder.Services.AddDashboard();
        builder.Services.AddAuditorReplay();

        var app = builder.Build();
        app.UseProblemHandling();
        app.UseAuthentication();
        app.UseAuthorization();
        app.CheckSecuritySettings();
        app.MapOpenApi();
        app.MapHealth();

        // Conventions for every API endpoint, so that a new one cannot miss them.
        var api = app.MapGroup("").AddEndpointFilterFactory(IndividualNumberScan.Filter).WithStandardResponses();
        api.MapStreams();
        api.MapProjections();
        api.MapSecurity();
        api.MapFacilities();
        api.MapVerification();
        api.MapFacilityViews();
        api.MapReceiptExport();
        api.MapDashboard();
        api.MapAuditorReplay();
        // The commands on Wolverine.Http: the same conventions, applied as Wolverine policies.
        app.MapHttpEndpoints();
        return app;
    }
}
