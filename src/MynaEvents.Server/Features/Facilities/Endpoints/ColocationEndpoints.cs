using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.Domain.Colocation;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Security;
using MynaEvents.Server.Features.Facilities.Contracts;
using MynaEvents.Server.Features.Facilities.Directory;
using MynaEvents.Server.Features.Facilities.Views;

namespace MynaEvents.Server.Features.Facilities.Endpoints;

/// <summary>
/// 併設申告 and its 取消. A declaration is written to the co-location stream of the branch
/// of the facilities it names, so two declarations for the same pair can never both succeed.
/// </summary>
internal static class ColocationEndpoints
{
    public static void MapColocationCommands(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/colocations", DeclareAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("DeclareColocation")
            .WithSummary("Declare a co-location (併設申告) of a judo and an ahaki facility of one branch, with the primary and the shared devices");
        tenant.MapPost("/colocations/{colocationId}/withdrawal", WithdrawAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("WithdrawColocation")
            .WithSummary("Withdraw (取消) a co-location declaration");
    }

    private static async Task<Results<Created<CommandResponse>, ProblemHttpResult>> DeclareAsync(
        string tenantId, DeclareColocationRequest request, ClaimsPrincipal user, HttpContext http, FacilityCommands commands, FacilityDirectory directory,
        FacilityViews views, CancellationToken cancellationToken)
    {
        if (CommandAnswers.Envelope(request, tenantId, user, out var context) is { } malformed) return malformed;
        var command = new DeclareColocation(FacilityStreams.NewColocationId(context.CommandId), request.FacilityIds,
            request.PrimaryFacilityId, request.SharedDeviceIds);

        // Only a well-formed pair is looked up; anything else is refused by the decider unread.
        var ids = request.FacilityIds ?? [];
        var parties = new Dictionary<string, ColocationParty>(StringComparer.Ordinal);
        if (ids.Count == 2)
        {
            foreach (var id in ids.Where(id => id is not null).Distinct(StringComparer.Ordinal))
            {
                if (await directory.FindFacilityAsync(tenantId, id, cancellationToken) is not { } facility) continue;
                parties[id] = new ColocationParty(facility.ToProfile(), (await views.FacilityStateAsync(tenantId, id, cancellationToken)).State);
            }
        }

        var branchId = ids.Select(id => id is null ? null : parties.GetValueOrDefault(id)?.Profile.BranchId).FirstOrDefault(b => b is not null);
        if (branchId is null)
        {
            var decision = ColocationDecider.Decide(ColocationState.Initial, command, parties);
            return decision.IsAccepted
                ? throw new InvalidOperationException("A declaration naming no known facility cannot be accepted.")
                : CommandAnswers.Refused(decision.Rejection);
        }

        var outcome = await commands.OnColocationAsync(context, branchId, state => ColocationDecider.Decide(state, command, parties), cancellationToken);
        var colocationId = outcome.Find<ColocationDeclared>()?.ColocationId ?? command.ColocationId;
        return CommandAnswers.Answer(http, outcome, colocationId, FacilityEndpoints.Location(tenantId, command.PrimaryFacilityId ?? ""));
    }

    private static async Task<Results<Created<CommandResponse>, ProblemHttpResult>> WithdrawAsync(
        string tenantId, string colocationId, EnvelopeOnlyRequest request, ClaimsPrincipal user, HttpContext http, FacilityCommands commands,
        FacilityDirectory directory, CancellationToken cancellationToken)
    {
        if (CommandAnswers.Envelope(request, tenantId, user, out var context) is { } malformed) return malformed;
        var declaration = await directory.FindColocationAsync(tenantId, colocationId, cancellationToken);
        if (declaration is null)
            return CommandAnswers.NotFound("colocationId", $"there is no co-location declaration '{colocationId}' in this clinic group");
        var outcome = await commands.OnColocationAsync(context, declaration.BranchId,
            state => ColocationDecider.Decide(state, new WithdrawColocation(colocationId)), cancellationToken);
        return CommandAnswers.Answer(http, outcome, colocationId, FacilityEndpoints.Location(tenantId, declaration.PrimaryFacilityId));
    }
}
