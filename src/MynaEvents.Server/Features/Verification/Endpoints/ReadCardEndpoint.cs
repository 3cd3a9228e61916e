using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using MynaEvents.Server.Security;
using Wolverine.Http;
using Wolverine.Marten;

namespace MynaEvents.Server.Features.Verification.Endpoints;

/// <summary>The card read that starts every check: the device, the facility treated at, the card's certificate (checked against the JPKI CAs).</summary>
public static class ReadCardEndpoint
{
    public static string CheckStreamOf(string verificationId) => VerificationCommands.StreamOf(verificationId);

    // The session is opened for the route's {tenantId} (the clinic group): Marten's tenant.
    [WolverinePost("/api/tenants/{tenantId}/verifications/{verificationId}/card-read", OperationId = "ReadCard")]
    [Tags("Verification"), Authorize(Policy = MynaPolicies.Reception)]
    [EndpointSummary("The card was read (starts the check)")]
    public static Task<CheckAnswer> Post(string verificationId, CardReadRequest request, ClaimsPrincipal user, HttpContext http,
        [WriteAggregate(FromMethod = nameof(CheckStreamOf), Required = false)] IEventStream<CheckWriteModel> check, IDocumentSession session,
        VerificationCommands commands, CancellationToken cancellationToken) =>
        CheckAnswer.Of(commands.ReadCardAsync(session.TenantId, verificationId, request, user, http, check, session, cancellationToken));
}
