using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.Server.Errors;
using MynaEvents.Server.Idempotency;

namespace MynaEvents.Server.Security.Challenges;

/// <summary>A fresh nonce for the card to sign in PIN mode; answer it before <c>expiresAt</c>, once.</summary>
public sealed record ChallengeResponse(Guid ChallengeId, string Nonce, DateTimeOffset ExpiresAt);

/// <summary>Asks for challenges; <c>commandId</c> makes a resend answer the same ones.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ChallengeRequest(Guid? CommandId);

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
            .WithSummary("Issue a single-use nonce for the card to sign in PIN mode (only the device itself may ask)");
        routes.MapPost("/api/tenants/{tenantId}/devices/{deviceId}/offline-challenges", TopUpAsync)
            .RequireAuthorization(MynaPolicies.Device)
            .WithTags("Devices")
            .WithName("TopUpOfflineChallenges")
            .WithSummary("Top up the device's stock of single-use nonces for PIN mode while the server is out of reach (home visits, outages)");
        return routes;
    }

    /// <summary>
    /// Challenges a device keeps for checks it has to queue: each is still single-use and bound
    /// to the device, but answerable for <see cref="SecurityOptions.OfflineChallengeLifetime"/>;
    /// the stock per device is capped, so a device never holds more than
    /// <see cref="SecurityOptions.OfflineChallengeStock"/> unanswered ones (the short-lived online ones included).
    /// </summary>
    private static async Task<Results<Ok<OfflineChallengesResponse>, ValidationProblem, ProblemHttpResult>> TopUpAsync(
        string tenantId, string deviceId, ChallengeRequest request, ClaimsPrincipal user, HttpContext http, ChallengeStore challenges,
        SecurityOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (NotThisDevice(user, deviceId) is { } refused) return refused;
        if (MissingCommandId(request) is { } missing) return missing;

        var now = time.GetUtcNow().AsStored();
        var candidates = Enumerable.Range(0, options.OfflineChallengeStock)
            .Select(i => (Id: ChallengeIdOf(tenantId, deviceId, request.CommandId!.Value, i), Nonce: RandomNumberGenerator.GetBytes(NonceBytes)))
            .ToList();
        var (issued, repeated) = await challenges.TopUpAsync(candidates, tenantId, deviceId, options.OfflineChallengeStock, now,
            now + options.OfflineChallengeLifetime, cancellationToken);

        http.Response.Headers.CacheControl = "no-store";
        if (repeated) http.MarkReplayed();
        return TypedResults.Ok(new OfflineChallengesResponse([.. issued.Select(Response)]));
    }

    private static async Task<Results<Created<ChallengeResponse>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        string tenantId, string deviceId, ChallengeRequest request, ClaimsPrincipal user, HttpContext http, ChallengeStore challenges,
        SecurityOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (NotThisDevice(user, deviceId) is { } refused) return refused;
        if (MissingCommandId(request) is { } missing) return missing;

        var now = time.GetUtcNow().AsStored();
        var (challenge, repeated) = await challenges.IssueAsync(ChallengeIdOf(tenantId, deviceId, request.CommandId!.Value, 0), tenantId, deviceId,
            RandomNumberGenerator.GetBytes(NonceBytes), now, now + options.ChallengeLifetime, cancellationToken);

        http.Response.Headers.CacheControl = "no-store";
        if (repeated) http.MarkReplayed();
        return TypedResults.Created((string?)null, Response(challenge));
    }

    /// <summary>
    /// A command's challenges have ids derived from it (a name-based UUID, version 8), so a resend
    /// finds them, and two sends of one command cannot both issue.
    /// </summary>
    internal static Guid ChallengeIdOf(string tenantId, string deviceId, Guid commandId, int index)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"challenge\0{tenantId}\0{deviceId}\0{commandId:D}\0{index}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private static ChallengeResponse Response(IssuedChallenge challenge) =>
        new(challenge.ChallengeId, Convert.ToBase64String(challenge.Nonce), challenge.ExpiresAt);

    private static ValidationProblem? MissingCommandId(ChallengeRequest request) =>
        request.CommandId is null || request.CommandId == Guid.Empty
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["commandId"] = [Resends.CommandIdRule] },
                title: "No challenge was issued; nothing was written")
            : null;

    private static ProblemHttpResult? NotThisDevice(ClaimsPrincipal user, string deviceId) =>
        string.Equals(user.DeviceId(), deviceId, StringComparison.Ordinal)
            ? null
            : Problems.Field(StatusCodes.Status403Forbidden, "Forbidden", "deviceId", "own_device_only", "a device may ask challenges only for itself.");
}
