using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.Server.Errors;
using MynaEvents.Server.Idempotency;
using MynaEvents.Server.Security.Authentication;

namespace MynaEvents.Server.Security.People;

/// <summary>
/// A group administrator (or the platform administrator) manages the group's people. A
/// personal access token is shown in the answer that creates it — and again in the answer to a
/// resend of the same command by the same sender — and stored only as a hash.
/// </summary>
internal static class PeopleEndpoints
{
    private const string TokenPurpose = "person-token";

    public static RouteGroupBuilder MapPeople(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/tenants/{tenantId}/people").WithTags("People");
        group.MapPost("/", CreateAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("CreatePerson")
            .WithSummary("Create a person of the group and issue their personal access token (shown once)");
        group.MapGet("/", ListAsync)
            .RequireAuthorization(MynaPolicies.GroupReader)
            .WithName("ListPeople")
            .WithSummary("The group's people, revoked ones included; never their tokens");
        group.MapPost("/{personId}/token", RotateAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("IssuePersonToken")
            .WithSummary("Issue a new personal access token (shown once); earlier tokens stop working");
        group.MapDelete("/{personId}", RevokeAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("RevokePerson")
            .WithSummary("Revoke a person: every token of theirs stops working at once (repeating it changes nothing)");
        return group;
    }

    private static async Task<Results<Created<PersonCreatedResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string tenantId, CreatePersonRequest request, ClaimsPrincipal user, HttpContext http, PeopleStore people, IGroupDirectory groups,
        DerivedSecrets secrets, SecurityOptions options, TimeProvider time, ILogger<PeopleStore> logger, CancellationToken cancellationToken)
    {
        var errors = PersonValidation.Validate(tenantId, request);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The person was not created; nothing was written");
        var commandId = request.CommandId!.Value;
        if (await people.IssuedByAsync(tenantId, commandId, cancellationToken) is { } earlier)
            return Repeat(earlier, tenantId, request, user, http, secrets, commandId);

        if (!await groups.GroupExistsAsync(tenantId, cancellationToken))
            return Problems.NotFound("tenantId", "unknown_group", $"the clinic group '{tenantId}' has not been created");
        if (request.FacilityId is { } facilityId && !await groups.FacilityExistsAsync(tenantId, facilityId, cancellationToken))
            return Problems.Refused("facilityId", "unknown_facility", $"there is no facility '{facilityId}' in this clinic group");

        var personId = Guid.CreateVersion7().ToString();
        var token = BearerTokens.From(CredentialKind.Person, secrets.Issue(TokenPurpose, tenantId, personId, commandId, BearerTokens.SecretBytes));
        var now = time.GetUtcNow().AsStored();
        var expiresAt = now + options.PersonTokenLifetime;
        var displayName = request.DisplayName!.Trim();
        if (!await people.CreateAsync(tenantId, personId, displayName, request.Role!, request.FacilityId,
                user.SubjectId()!, BearerTokens.Hash(token), now, expiresAt, commandId, cancellationToken))
        {
            // The same command won a race with itself, or the id names another command.
            return await people.IssuedByAsync(tenantId, commandId, cancellationToken) is { } raced
                ? Repeat(raced, tenantId, request, user, http, secrets, commandId)
                : Problems.CommandIdReused();
        }
        logger.LogInformation("Person {PersonId} created in tenant {TenantId} with role {Role} by {Actor}", personId, tenantId, request.Role, user.SubjectId());

        NoStore(http);
        return TypedResults.Created(Location(tenantId, personId),
            new PersonCreatedResponse(personId, displayName, request.Role!, request.FacilityId, token, expiresAt));
    }

    /// <summary>
    /// The first answer again, to the one who sent the command: its token was shown to them
    /// already. Anyone else, or another request under the same id, is refused.
    /// </summary>
    private static Results<Created<PersonCreatedResponse>, ValidationProblem, ProblemHttpResult> Repeat(IssuedPersonCredential earlier,
        string tenantId, CreatePersonRequest request, ClaimsPrincipal user, HttpContext http, DerivedSecrets secrets, Guid commandId)
    {
        var sameCommand = earlier.IssuedBy == user.SubjectId()
            && earlier.DisplayName == request.DisplayName!.Trim() && earlier.Role == request.Role && earlier.FacilityId == request.FacilityId;
        if (!sameCommand) return Problems.CommandIdReused();
        var token = ReproduceToken(secrets, tenantId, earlier, commandId);
        NoStore(http);
        http.MarkReplayed();
        return TypedResults.Created(Location(tenantId, earlier.PersonId),
            new PersonCreatedResponse(earlier.PersonId, earlier.DisplayName, earlier.Role, earlier.FacilityId, token, earlier.ExpiresAt));
    }

    private static async Task<Results<Ok<PeopleResponse>, ProblemHttpResult>> ListAsync(string tenantId, PeopleStore people, IGroupDirectory groups,
        CancellationToken cancellationToken) =>
        await groups.GroupExistsAsync(tenantId, cancellationToken)
            ? TypedResults.Ok(new PeopleResponse(tenantId, await people.ListAsync(tenantId, cancellationToken)))
            : Problems.NotFound("tenantId", "unknown_group", $"the clinic group '{tenantId}' has not been created");

    private static async Task<Results<Ok<PersonTokenResponse>, ValidationProblem, ProblemHttpResult>> RotateAsync(
        string tenantId, string personId, IssuePersonTokenRequest request, ClaimsPrincipal user, HttpContext http, PeopleStore people,
        DerivedSecrets secrets, SecurityOptions options, TimeProvider time, ILogger<PeopleStore> logger, CancellationToken cancellationToken)
    {
        if (request.CommandId is not { } commandId || commandId == Guid.Empty)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["commandId"] = [Resends.CommandIdRule] },
                title: "No token was issued; nothing was written");
        if (await people.IssuedByAsync(tenantId, commandId, cancellationToken) is { } earlier)
            return RepeatRotation(earlier, tenantId, personId, http, secrets, commandId);

        var token = BearerTokens.From(CredentialKind.Person, secrets.Issue(TokenPurpose, tenantId, personId, commandId, BearerTokens.SecretBytes));
        var now = time.GetUtcNow().AsStored();
        var expiresAt = now + options.PersonTokenLifetime;
        switch (await people.RotateAsync(tenantId, personId, BearerTokens.Hash(token), now, expiresAt, commandId, cancellationToken))
        {
            case null:
                return NotFound(personId);
            case false:
                return await people.IssuedByAsync(tenantId, commandId, cancellationToken) is { } raced
                    ? RepeatRotation(raced, tenantId, personId, http, secrets, commandId)
                    : Problems.CommandIdReused();
        }
        logger.LogInformation("Person {PersonId} in tenant {TenantId} got a new token from {Actor}", personId, tenantId, user.SubjectId());

        NoStore(http);
        return TypedResults.Ok(new PersonTokenResponse(personId, token, expiresAt));
    }

    private static Results<Ok<PersonTokenResponse>, ValidationProblem, ProblemHttpResult> RepeatRotation(IssuedPersonCredential earlier,
        string tenantId, string personId, HttpContext http, DerivedSecrets secrets, Guid commandId)
    {
        // A person's first token is the create command's; a rotation names the person in its path.
        if (earlier.PersonId != personId || earlier.IssuedBy.Length > 0) return Problems.CommandIdReused();
        var token = ReproduceToken(secrets, tenantId, earlier, commandId);
        NoStore(http);
        http.MarkReplayed();
        return TypedResults.Ok(new PersonTokenResponse(personId, token, earlier.ExpiresAt));
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

    private static string ReproduceToken(DerivedSecrets secrets, string tenantId, IssuedPersonCredential earlier, Guid commandId) =>
        secrets.Reproduce(TokenPurpose, tenantId, earlier.PersonId, commandId, BearerTokens.SecretBytes,
                secret => BearerTokens.Hash(BearerTokens.From(CredentialKind.Person, secret)).AsSpan().SequenceEqual(earlier.TokenHash))
            is { } found ? BearerTokens.From(CredentialKind.Person, found) : throw new FirstAnswerLostException("commandId");

    private static string Location(string tenantId, string personId) => $"/api/tenants/{tenantId}/people/{personId}";

    private static ProblemHttpResult NotFound(string personId) =>
        Problems.NotFound("personId", "unknown_person", $"no active person '{personId}' in this group");

    /// <summary>An answer that carries a secret must not be kept by any cache on the way.</summary>
    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";
}
