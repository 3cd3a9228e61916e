using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using MynaEvents.Server.Security;
using Wolverine.Http;
using Wolverine.Marten;

namespace MynaEvents.Server.Features.Verification.Endpoints;

/// <summary>Eligibility confirmed without the online lookup: 資格確認書, 資格情報のお知らせ, マイナポータル or 事後確認.</summary>
public static class RecordFallbackEndpoint
{
    public static string CheckStreamOf(string verificationId) => VerificationCommands.StreamOf(verificationId);

    // The session is opened for the route's {tenantId} (the clinic group): Marten's tenant.
    [WolverinePost("/api/tenants/{tenantId}/verifications/{verificationId}/fallback", OperationId = "RecordFallback")]
    [Tags("Verification"), Authorize(Policy = MynaPolicies.Reception)]
    [EndpointSummary("Eligibility confirmed from a document or a past record")]
    public static Task<CheckAnswer> Post(string verificationId, FallbackRequest request, ClaimsPrincipal user, HttpContext http,
        [WriteAggregate(FromMethod = nameof(CheckStreamOf), Required = false)] IEventStream<CheckWriteModel> check, IDocumentSession session,
        VerificationCommands commands, CancellationToken cancellationToken) =>
        CheckAnswer.Of(commands.RecordFallbackAsync(session.TenantId, verificationId, request, user, http, check, session, cancellationToken));
}
