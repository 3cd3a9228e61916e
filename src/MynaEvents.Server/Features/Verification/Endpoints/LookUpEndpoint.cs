using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using MynaEvents.Server.Security;
using Wolverine.Http;
using Wolverine.Marten;

namespace MynaEvents.Server.Features.Verification.Endpoints;

/// <summary>The online eligibility lookup: the national system's answer, or a failure the device retries from until 翌月末.</summary>
public static class LookUpEndpoint
{
    public static string CheckStreamOf(string verificationId) => VerificationCommands.StreamOf(verificationId);

    // The session is opened for the route's {tenantId} (the clinic group): Marten's tenant.
    [WolverinePost("/api/tenants/{tenantId}/verifications/{verificationId}/lookup", OperationId = "LookUpEligibility")]
    [Tags("Verification"), Authorize(Policy = MynaPolicies.Reception)]
    [EndpointSummary("Ask the national system; retry after a failure until 翌月末")]
    public static Task<CheckAnswer> Post(string verificationId, LookupRequest request, ClaimsPrincipal user, HttpContext http,
        [WriteAggregate(FromMethod = nameof(CheckStreamOf), Required = false)] IEventStream<CheckWriteModel> check, IDocumentSession session,
        VerificationLookup commands, CancellationToken cancellationToken) =>
        CheckAnswer.Of(commands.LookUpAsync(session.TenantId, verificationId, request, user, http, check, session, cancellationToken));
}
