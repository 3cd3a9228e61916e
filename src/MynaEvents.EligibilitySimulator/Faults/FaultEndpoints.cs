using Microsoft.AspNetCore.Http.HttpResults;

namespace MynaEvents.EligibilitySimulator.Faults;

/// <summary><c>/admin/faults</c>: what the lookup endpoint should suffer from now on.</summary>
internal static class FaultEndpoints
{
    public static void MapFaultAdmin(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/admin/faults");
        group.MapGet("/", (FaultInjector faults) => TypedResults.Ok(faults.Current));
        group.MapPut("/", Set);
        group.MapDelete("/", (FaultInjector faults, ILoggerFactory loggers) =>
        {
            faults.Clear();
            loggers.CreateLogger(typeof(FaultEndpoints)).LogInformation("Faults cleared");
            return TypedResults.NoContent();
        });
    }

    private static Results<Ok<FaultSettings>, ProblemHttpResult> Set(FaultSettings settings, FaultInjector faults, ILoggerFactory loggers)
    {
        if (settings.Problem() is var (field, rule))
            return TypedResults.Problem(title: "Invalid faults", detail: $"{field}: {rule}", statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["field"] = field });
        faults.Set(settings);
        loggers.CreateLogger(typeof(FaultEndpoints)).LogInformation(
            "Faults set: latency {LatencyMs} ms, hang {Hang}, timeout rate {TimeoutRate}, error rate {ErrorRate} ({ErrorStatus}), malformed rate {MalformedRate}, fail next {FailNext}",
            settings.LatencyMs, settings.Hang, settings.TimeoutRate, settings.ErrorRate, settings.ErrorStatus, settings.MalformedRate, settings.FailNext);
        return TypedResults.Ok(faults.Current);
    }
}
