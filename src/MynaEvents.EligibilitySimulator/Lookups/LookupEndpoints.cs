using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MynaEvents.EligibilitySimulator.Faults;
using MynaEvents.EligibilitySimulator.Persons;

namespace MynaEvents.EligibilitySimulator.Lookups;

/// <summary>
/// The one call the real system offers a 施術所: "what is this card holder's eligibility on this
/// date?". A serial nobody knows is answered like the real system's 資格情報なし: a 200 with
/// qualificationValidity "4" (該当資格なし) and no other fields — an outcome, not an error.
/// </summary>
internal static class LookupEndpoints
{
    public static void MapLookups(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/eligibility/lookups", LookUpAsync);

    private static async Task<IResult> LookUpAsync(
        LookupRequest request,
        PersonRegistry persons,
        FaultInjector faults,
        LookupStatistics statistics,
        IOptions<JsonOptions> json,
        IHostApplicationLifetime lifetime,
        ILoggerFactory loggers,
        HttpContext http)
    {
        var logger = loggers.CreateLogger(typeof(LookupEndpoints));
        statistics.Received();
        if (request.Problem() is var (field, rule))
        {
            statistics.Rejected();
            return Results.Problem(title: "Invalid lookup", detail: $"{field}: {rule}", statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["field"] = field });
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var decision = faults.Decide();
        try
        {
            if (decision.Latency > TimeSpan.Zero) await Task.Delay(decision.Latency, stopping.Token);
            if (decision.Kind == FaultKind.Hang)
            {
                statistics.Hung();
                logger.LogInformation("Lookup hangs (injected fault)");
                await Task.Delay(Timeout.Infinite, stopping.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The client gave up, or the simulator is stopping: nobody waits for this answer any more.
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        if (decision.Kind == FaultKind.Error)
        {
            statistics.Error();
            logger.LogInformation("Lookup answered {Status} (injected fault)", decision.ErrorStatus);
            return Results.Problem(title: "Eligibility system unavailable (simulated)", statusCode: decision.ErrorStatus);
        }

        var answer = persons.Find(request.CertificateSerial!) ?? SimulatedPerson.NoQualification;
        if (decision.Kind == FaultKind.Malformed)
        {
            statistics.Malformed();
            logger.LogInformation("Lookup answered with a malformed body: {Kind} (injected fault)", decision.MalformedKind);
            return MalformedBodies.For(decision.MalformedKind, answer, json.Value.SerializerOptions);
        }

        if (answer.QualificationValidity == QualificationValidities.NoQualification) statistics.NotFound();
        else statistics.Answered();
        // The serial and the person's fields stay out of the log: the validity code says enough.
        logger.LogInformation("Lookup answered with qualification validity {Validity}", answer.QualificationValidity);
        return Results.Json(answer, json.Value.SerializerOptions);
    }
}
