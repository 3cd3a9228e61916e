using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using MynaEvents.Server.Security;
using Wolverine.Http;
using Wolverine.Marten;

namespace MynaEvents.Server.Features.Verification.Endpoints;

/// <summary>The patient's identity, checked by sight (目視) or by the card's PIN-protected signature of a challenge (暗証番号).</summary>
public static class VerifyIdentityEndpoint
{
    public static string CheckStreamOf(string verificationId) => VerificationCommands.StreamOf(verificationId);

    // The session is opened for the route's {tenantId} (the clinic group): Marten's tenant.
    [WolverinePost("/api/tenants/{tenantId}/verifications/{verificationId}/identity", OperationId = "VerifyIdentity")]
    [Tags("Verification"), Authorize(Policy = MynaPolicies.Reception)]
    [EndpointSummary("The patient's identity was checked (目視 or 暗証番号)")]
    public static Task<CheckAnswer> Post(string verificationId, IdentityRequest request, ClaimsPrincipal user, HttpContext http,
        [WriteAggregate(FromMethod = nameof(CheckStreamOf), Required = false)] IEventStream<CheckWriteModel> check, IDocumentSession session,
        VerificationCommands commands, CancellationToken cancellationToken) =>
        CheckAnswer.Of(commands.VerifyIdentityAsync(session.TenantId, verificationId, request, user, http, check, session, cancellationToken));
}
