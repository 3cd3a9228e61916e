using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MynaEvents.Server.Security.Challenges;

/// <summary>A fresh nonce for the card to sign in PIN mode; answer it before <c>expiresAt</c>, once.</summary>
public sealed record ChallengeResponse(Guid ChallengeId, string Nonce, DateTimeOffset ExpiresAt);

/// <summary>
/// Issues PIN-mode (暗証番号) challenges. The card signs the server's nonce, so a signature
/// captured on the way cannot be replayed for another confirmation.
/// </summary>
internal static class ChallengeEndpoints
{
    public const int NonceBytes = 32;

    public static RouteHandlerBuilder MapChallenges(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/api/tenants/{tenantId}/devices/{deviceId}/challenges", IssueAsync)
            .RequireAuthorization(MynaPolicies.Device)
            .WithTags("Devices")
            .WithName("IssueChallenge")
            .WithSummary("Issue a single-use nonce for the card to sign in PIN mode (only the device itself may ask)")
            .ProducesProblem(StatusCodes.Status403Forbidden);

    private static async Task<Results<Created<ChallengeResponse>, ProblemHttpResult>> IssueAsync(
        string tenantId, string deviceId, ClaimsPrincipal user, HttpContext http, ChallengeStore challenges, SecurityOptions options,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (!string.Equals(user.DeviceId(), deviceId, StringComparison.Ordinal))
            return TypedResults.Problem(
                title: "Forbidden",
                detail: "deviceId: a device may ask challenges only for itself.",
                statusCode: StatusCodes.Status403Forbidden,
                extensions: new Dictionary<string, object?> { ["field"] = "deviceId" });

        var challengeId = Guid.CreateVersion7();
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var now = time.GetUtcNow();
        var expiresAt = now + options.ChallengeLifetime;
        await challenges.IssueAsync(challengeId, tenantId, deviceId, nonce, now, expiresAt, cancellationToken);

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created((string?)null, new ChallengeResponse(challengeId, Convert.ToBase64String(nonce), expiresAt));
    }
}
