using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.Server.Security.Authentication;

namespace MynaEvents.Server.Security.People;

/// <summary>
/// A group administrator (or the platform administrator) manages the group's people. A
/// personal access token is shown once, in the answer that creates it, and stored only as a hash.
/// </summary>
internal static class PeopleEndpoints
{
    public static RouteGroupBuilder MapPeople(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/tenants/{tenantId}/people").WithTags("People");
        group.MapPost("/", CreateAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("CreatePerson")
            .WithSummary("Create a person of the group and issue their personal access token (shown once)")
            .ProducesValidationProblem();
        group.MapGet("/", ListAsync)
            .RequireAuthorization(MynaPolicies.GroupReader)
            .WithName("ListPeople")
            .WithSummary("The group's people, revoked ones included; never their tokens");
        group.MapPost("/{personId}/token", RotateAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("IssuePersonToken")
            .WithSummary("Issue a new personal access token (shown once); earlier tokens stop working")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{personId}", RevokeAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("RevokePerson")
            .WithSummary("Revoke a person: every token of theirs stops working at once")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<PersonCreatedResponse>, ValidationProblem>> CreateAsync(
        string tenantId, CreatePersonRequest request, ClaimsPrincipal user, HttpContext http, PeopleStore people,
        SecurityOptions options, TimeProvider time, ILogger<PeopleStore> logger, CancellationToken cancellationToken)
    {
        var errors = PersonValidation.Validate(tenantId, request);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The person was not created; nothing was written");

        var personId = Guid.CreateVersion7().ToString();
        var token = BearerTokens.New(CredentialKind.Person);
        var now = time.GetUtcNow();
        var expiresAt = now + options.PersonTokenLifetime;
        var displayName = request.DisplayName!.Trim();
        await people.CreateAsync(tenantId, personId, displayName, request.Role!, request.FacilityId,
            user.SubjectId()!, token, now, expiresAt, cancellationToken);
        logger.LogInformation("Person {PersonId} created in tenant {TenantId} with role {Role} by {Actor}", personId, tenantId, request.Role, user.SubjectId());

        NoStore(http);
        return TypedResults.Created($"/api/tenants/{tenantId}/people/{personId}",
            new PersonCreatedResponse(personId, displayName, request.Role!, request.FacilityId, token, expiresAt));
    }

    private static async Task<Ok<PeopleResponse>> ListAsync(string tenantId, PeopleStore people, CancellationToken cancellationToken) =>
        TypedResults.Ok(new PeopleResponse(tenantId, await people.ListAsync(tenantId, cancellationToken)));

    private static async Task<Results<Ok<PersonTokenResponse>, ProblemHttpResult>> RotateAsync(
        string tenantId, string personId, ClaimsPrincipal user, HttpContext http, PeopleStore people,
        SecurityOptions options, TimeProvider time, ILogger<PeopleStore> logger, CancellationToken cancellationToken)
    {
        var token = BearerTokens.New(CredentialKind.Person);
        var now = time.GetUtcNow();
        var expiresAt = now + options.PersonTokenLifetime;
        if (!await people.RotateAsync(tenantId, personId, token, now, expiresAt, cancellationToken))
            return NotFound(personId);
        logger.LogInformation("Person {PersonId} in tenant {TenantId} got a new token from {Actor}", personId, tenantId, user.SubjectId());

        NoStore(http);
        return TypedResults.Ok(new PersonTokenResponse(personId, token, expiresAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string tenantId, string personId, ClaimsPrincipal user, PeopleStore people, TimeProvider time,
        ILogger<PeopleStore> logger, CancellationToken cancellationToken)
    {
        if (!await people.RevokeAsync(tenantId, personId, time.GetUtcNow(), cancellationToken))
            return NotFound(personId);
        logger.LogInformation("Person {PersonId} in tenant {TenantId} revoked by {Actor}", personId, tenantId, user.SubjectId());
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotFound(string personId) => TypedResults.Problem(
        title: "Person not found",
        detail: $"personId: no active person '{personId}' in this group",
        statusCode: StatusCodes.Status404NotFound,
        extensions: new Dictionary<string, object?> { ["field"] = "personId" });

    /// <summary>An answer that carries a secret must not be kept by any cache on the way.</summary>
    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";
}
