using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MynaEvents.Server.Security.Challenges;

/// <summary>A fresh nonce for the card to sign in PIN mode; answer it before <c>expiresAt</c>, once.</summary>
public sealed record ChallengeResponse(Guid ChallengeId, string Nonce, DateTimeOffset ExpiresAt);

/// <summary>The challenges newly added to the device's offline stock (none when the stock is full).</summary>
public sealed record OfflineChallengesResponse(IReadOnlyList<ChallengeResponse> Challenges);

/// <summary>
/// Issues PIN-mode (暗証番号) challenges. The card signs the server's nonce, so a signature
/// captured on the way cannot be replayed for another confirmation.
/// </summary>
internal static class ChallengeEndpoints
{
    public const int NonceBytes = 32;

    public static IEndpointRouteBuilder MapChallenges(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/tenants/{tenantId}/devices/{deviceId}/challenges", IssueAsync)
            .RequireAuthorization(MynaPolicies.Device)
            .WithTags("Devices")
            .WithName("IssueChallenge")
            .WithSummary("Issue a single-use nonce for the card to sign in PIN mode (only the device itself may ask)")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        routes.MapPost("/api/tenants/{tenantId}/devices/{deviceId}/offline-challenges", TopUpAsync)
            .RequireAuthorization(MynaPolicies.Device)
            .WithTags("Devices")
            .WithName("TopUpOfflineChallenges")
            .WithSummary("Top up the device's stock of single-use nonces for PIN mode while the server is out of reach (home visits, outages)")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    /// <summary>
    /// Challenges a device keeps for checks it has to queue: each is still single-use and bound
    /// to the device, but answerable for <see cref="SecurityOptions.OfflineChallengeLifetime"/>;
    /// the stock per device is capped, so a device never holds more than
    /// <see cref="SecurityOptions.OfflineChallengeStock"/> unanswered ones (the short-lived online ones included).
    /// </summary>
    private static async Task<Results<Ok<OfflineChallengesResponse>, ProblemHttpResult>> TopUpAsync(
        string tenantId, string deviceId, ClaimsPrincipal user, HttpContext http, ChallengeStore challenges, SecurityOptions options,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (NotThisDevice(user, deviceId) is { } refused) return refused;

        var now = time.GetUtcNow();
        var expiresAt = now + options.OfflineChallengeLifetime;
        var candidates = Enumerable.Range(0, options.OfflineChallengeStock)
            .Select(_ => (Id: Guid.CreateVersion7(), Nonce: RandomNumberGenerator.GetBytes(NonceBytes)))
            .ToList();
        var issued = await challenges.TopUpAsync(candidates, tenantId, deviceId, options.OfflineChallengeStock, now, expiresAt, cancellationToken);

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new OfflineChallengesResponse(
            [.. candidates.Where(c => issued.Contains(c.Id)).Select(c => new ChallengeResponse(c.Id, Convert.ToBase64String(c.Nonce), expiresAt))]));
    }

    private static ProblemHttpResult? NotThisDevice(ClaimsPrincipal user, string deviceId) =>
        string.Equals(user.DeviceId(), deviceId, StringComparison.Ordinal)
            ? null
            : TypedResults.Problem(
                title: "Forbidden",
                detail: "deviceId: a device may ask challenges only for itself.",
                statusCode: StatusCodes.Status403Forbidden,
                extensions: new Dictionary<string, object?> { ["field"] = "deviceId" });

    private static async Task<Results<Created<ChallengeResponse>, ProblemHttpResult>> IssueAsync(
        string tenantId, string deviceId, ClaimsPrincipal user, HttpContext http, ChallengeStore challenges, SecurityOptions options,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (NotThisDevice(user, deviceId) is { } refused) return refused;

        var challengeId = Guid.CreateVersion7();
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var now = time.GetUtcNow();
        var expiresAt = now + options.ChallengeLifetime;
        await challenges.IssueAsync(challengeId, tenantId, deviceId, nonce, now, expiresAt, cancellationToken);

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created((string?)null, new ChallengeResponse(challengeId, Convert.ToBase64String(nonce), expiresAt));
    }
}
