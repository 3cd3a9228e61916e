using System.Text.Encodings.Web;
using System.Text.Unicode;
using MynaEvents.EligibilitySimulator.Admin;
using MynaEvents.EligibilitySimulator.Faults;
using MynaEvents.EligibilitySimulator.Lookups;
using MynaEvents.EligibilitySimulator.Persons;

namespace MynaEvents.EligibilitySimulator;

/// <summary>
/// Builds the simulator. Tests run it in-process (on Kestrel, port 0) through this method, so
/// the simulator needs no Program type of its own visible to them.
/// </summary>
public static class SimulatorApp
{
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
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var options = SimulatorOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new PersonRegistry(PersonGenerator.Generate(options.Seed, options.Persons)));
        builder.Services.AddSingleton(new FaultInjector(options.Seed));
        builder.Services.AddSingleton<LookupStatistics>();
        builder.Services.AddProblemDetails();
        // Readable kana and kanji in curl output; the JSON stays valid either way.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }));
        app.MapLookups();
        app.MapPersonAdmin();
        app.MapFaultAdmin();

        app.Logger.LogInformation("Eligibility simulator ready with {Persons} synthetic persons (seed {Seed})", options.Persons, options.Seed);
        return app;
    }
}
