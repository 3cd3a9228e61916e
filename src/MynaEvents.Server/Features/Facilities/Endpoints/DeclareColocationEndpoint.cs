using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MynaEvents.Domain.Colocation;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Features.Facilities.Contracts;
using MynaEvents.Server.Features.Facilities.Directory;
using MynaEvents.Server.Features.Facilities.Views;
using MynaEvents.Server.Security;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Marten;

namespace MynaEvents.Server.Features.Facilities.Endpoints;

/// <summary>The facilities a co-location declaration names, as the directory and their streams have them, and their branch.</summary>
public sealed record ColocationParties(IReadOnlyDictionary<string, ColocationParty> Parties, string? BranchId);

/// <summary>
/// Middleware of a declaration: looks up the facilities it names (only a well-formed pair is looked
/// up; anything else is refused by the decider unread) before the branch's stream is loaded.
/// </summary>
public static class ColocationPartiesLookup
{
    public static async Task<ColocationParties> LoadAsync(DeclareColocationRequest request, IDocumentSession session, FacilityDirectory directory,
        FacilityViews views, CancellationToken cancellationToken)
    {
        var ids = request.FacilityIds ?? [];
        var parties = new Dictionary<string, ColocationParty>(StringComparer.Ordinal);
        if (ids.Count == 2)
        {
            foreach (var id in ids.Where(id => id is not null).Distinct(StringComparer.Ordinal))
            {
                if (await directory.FindFacilityAsync(session.TenantId, id, cancellationToken) is not { } facility) continue;
                parties[id] = new ColocationParty(facility.ToProfile(), (await views.FacilityStateAsync(session.TenantId, id, cancellationToken)).State);
            }
        }
        var branchId = ids.Select(id => id is null ? null : parties.GetValueOrDefault(id)?.Profile.BranchId).FirstOrDefault(b => b is not null);
        return new ColocationParties(parties, branchId);
    }

    /// <summary>A declaration naming no known facility has no branch, so no stream: the decider refuses it on an empty one.</summary>
    public static ProblemDetails Validate(ColocationParties parties, DeclareColocationRequest request, CommandContext command)
    {
        if (parties.BranchId is not null) return WolverineContinue.NoProblems;
        var decision = ColocationDecider.Decide(ColocationState.Initial, DeclareColocationEndpoint.Command(request, command), parties.Parties);
        return decision.IsAccepted
            ? throw new InvalidOperationException("A declaration naming no known facility cannot be accepted.")
            : CommandAnswers.Refused(decision.Rejection).ProblemDetails;
    }
}

/// <summary>
/// 併設申告. A declaration is written to the co-location stream of the branch of the facilities it
/// names, so two declarations for the same pair can never both succeed. The two facilities' own
/// streams are read, not version-checked (a device retired in that instant serves nobody).
/// </summary>
public static class DeclareColocationEndpoint
{
    public static string ColocationStream(ColocationParties parties) => FacilityStreams.Colocation(parties.BranchId!);

    [WolverinePost("/api/tenants/{tenantId}/colocations", OperationId = "DeclareColocation")]
    [Tags("Facilities"), Authorize(Policy = MynaPolicies.GroupAdmin), Middleware(typeof(ColocationPartiesLookup))]
    [EndpointSummary("Declare a co-location (併設申告) of a judo and an ahaki facility of one branch, with the primary and the shared devices")]
    public static Results<Created<CommandResponse>, ProblemHttpResult> Post(DeclareColocationRequest request, ColocationParties parties,
        [WriteAggregate(FromMethod = nameof(ColocationStream), Required = false)] IEventStream<WriteModel<ColocationState>> stream,
        CommandContext command, IDocumentSession session, HttpContext http)
    {
        var declare = Command(request, command);
        var outcome = stream.Decide(session, command, ColocationState.Initial, state => ColocationDecider.Decide(state, declare, parties.Parties));
        return CommandAnswers.Answer(http, outcome, outcome.Find<ColocationDeclared>()?.ColocationId ?? declare.ColocationId,
            FacilityEndpoints.Location(command.TenantId, request.PrimaryFacilityId ?? ""));
    }

    internal static DeclareColocation Command(DeclareColocationRequest request, CommandContext command) =>
        new(FacilityStreams.NewColocationId(command.CommandId), request.FacilityIds, request.PrimaryFacilityId, request.SharedDeviceIds);
}
