using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using MynaEvents.Server.Security;
using Wolverine.Http;

namespace MynaEvents.Server.Features.Verification.Endpoints;

/// <summary>
/// The card read that starts every check: the device, the facility treated at, the card's certificate
/// (checked against the JPKI CAs). It starts the check's stream (Marten's StartStream) and loads the
/// stream only when the check already exists (<see cref="VerificationCommands.ReadCardAsync"/>).
/// </summary>
public static class ReadCardEndpoint
{
    // The session is opened for the route's {tenantId} (the clinic group): Marten's tenant.
    [WolverinePost("/api/tenants/{tenantId}/verifications/{verificationId}/card-read", OperationId = "ReadCard")]
    [Tags("Verification"), Authorize(Policy = MynaPolicies.Reception)]
    [EndpointSummary("The card was read (starts the check)")]
    public static Task<CheckAnswer> Post(string verificationId, CardReadRequest request, ClaimsPrincipal user, HttpContext http,
        IDocumentSession session, VerificationCommands commands, CancellationToken cancellationToken) =>
        CheckAnswer.Of(commands.ReadCardAsync(session.TenantId, verificationId, request, user, http, session, cancellationToken));
}
