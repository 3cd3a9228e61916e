using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.EligibilitySimulator.Lookups;
using MynaEvents.EligibilitySimulator.Persons;

namespace MynaEvents.EligibilitySimulator.Admin;

/// <summary>One line of <c>GET /admin/persons</c>: enough to pick a serial for a test, no personal fields.</summary>
public sealed record PersonSummary(string CertificateSerial, string QualificationValidity);

/// <summary>
/// <c>/admin/persons</c> and <c>/admin/stats</c>: tests add or replace persons and read what the
/// lookup endpoint received. A person is stored as given (codes unchecked) so that a test can
/// make the simulator send a non-conforming answer on purpose.
/// </summary>
internal static class PersonEndpoints
{
    public static void MapPersonAdmin(this IEndpointRouteBuilder routes)
    {
        var persons = routes.MapGroup("/admin/persons");
        persons.MapGet("/", (PersonRegistry registry) =>
            TypedResults.Ok(registry.All().Select(p => new PersonSummary(p.Key, p.Value.QualificationValidity)).ToList()));
        persons.MapGet("/{serial}", Get);
        persons.MapPut("/{serial}", Put);
        persons.MapDelete("/{serial}", Delete);
        routes.MapGet("/admin/stats", (LookupStatistics statistics) => TypedResults.Ok(statistics.Snapshot()));
    }

    private static Results<Ok<SimulatedPerson>, ProblemHttpResult> Get(string serial, PersonRegistry registry) =>
        registry.Find(serial) is { } person ? TypedResults.Ok(person) : NotFound(serial);

    private static Results<Created, NoContent, ProblemHttpResult> Put(string serial, SimulatedPerson person, PersonRegistry registry)
    {
        if (!PersonRegistry.IsSerial(serial)) return BadSerial();
        if (string.IsNullOrEmpty(person.QualificationValidity))
            return TypedResults.Problem(title: "Invalid person", detail: "qualificationValidity: is required", statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["field"] = "qualificationValidity" });
        return registry.Put(serial, person) ? TypedResults.Created($"/admin/persons/{serial}") : TypedResults.NoContent();
    }

    private static Results<NoContent, ProblemHttpResult> Delete(string serial, PersonRegistry registry) =>
        registry.Remove(serial) ? TypedResults.NoContent() : NotFound(serial);

    private static ProblemHttpResult NotFound(string serial) =>
        PersonRegistry.IsSerial(serial)
            ? TypedResults.Problem(title: "Person not found", detail: "serial: no person has this certificate serial", statusCode: StatusCodes.Status404NotFound)
            : BadSerial();

    private static ProblemHttpResult BadSerial() =>
        TypedResults.Problem(title: "Invalid serial", detail: "serial: 1 to 40 hex digits", statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["field"] = "serial" });
}
