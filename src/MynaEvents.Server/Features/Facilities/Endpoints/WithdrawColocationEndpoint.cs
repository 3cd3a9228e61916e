using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MynaEvents.Domain.Colocation;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Features.Facilities.Contracts;
using MynaEvents.Server.Features.Facilities.Directory;
using MynaEvents.Server.Security;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Marten;

namespace MynaEvents.Server.Features.Facilities.Endpoints;

/// <summary>Middleware of a withdrawal: the declaration it names, 404 when the group has none.</summary>
public static class KnownColocation
{
    public static Task<DirectoryColocation?> LoadAsync(string colocationId, IDocumentSession session, FacilityDirectory directory,
        CancellationToken cancellationToken) =>
        directory.FindColocationAsync(session.TenantId, colocationId, cancellationToken);

    public static ProblemDetails Validate(DirectoryColocation? declaration, string colocationId) =>
        declaration is null
            ? CommandAnswers.NotFoundDetails("colocationId", $"there is no co-location declaration '{colocationId}' in this clinic group")
            : WolverineContinue.NoProblems;
}

/// <summary>取消 of a co-location declaration, on the co-location stream of its branch.</summary>
public static class WithdrawColocationEndpoint
{
    public static string ColocationStream(DirectoryColocation declaration) => FacilityStreams.Colocation(declaration.BranchId);

    [WolverinePost("/api/tenants/{tenantId}/colocations/{colocationId}/withdrawal", OperationId = "WithdrawColocation")]
    [Tags("Facilities"), Authorize(Policy = MynaPolicies.GroupAdmin), Middleware(typeof(KnownColocation))]
    [EndpointSummary("Withdraw (取消) a co-location declaration")]
    public static Results<Created<CommandResponse>, ProblemHttpResult> Post(string colocationId, EnvelopeOnlyRequest request, DirectoryColocation declaration,
        [WriteAggregate(FromMethod = nameof(ColocationStream), Required = false)] IEventStream<WriteModel<ColocationState>> stream,
        CommandContext command, IDocumentSession session, HttpContext http)
    {
        var outcome = stream.Decide(session, command, ColocationState.Initial, state => ColocationDecider.Decide(state, new WithdrawColocation(colocationId)));
        return CommandAnswers.Answer(http, outcome, colocationId, FacilityEndpoints.Location(command.TenantId, declaration.PrimaryFacilityId));
    }
}
