using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.Domain.Obligation;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Security;
using MynaEvents.Server.Features.Facilities.Contracts;

namespace MynaEvents.Server.Features.Facilities.Endpoints;

/// <summary>Declaring and withdrawing an exemption (やむを得ない事由) from the obligation.</summary>
internal static class ExemptionEndpoints
{
    public static void MapExemptionCommands(this RouteGroupBuilder facility)
    {
        facility.MapPost("/exemptions", DeclareAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("DeclareExemption")
            .WithSummary("Declare an exemption: all_practitioners_70_or_older, visual_impairment (ahaki), closure_or_suspension or stops_delegated_billing (dated on or before 2025-12-02)");
        facility.MapPost("/exemptions/withdrawal", WithdrawAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("WithdrawExemption")
            .WithSummary("Withdraw the exemption in force");
    }

    private static async Task<Results<Created<CommandResponse>, ProblemHttpResult>> DeclareAsync(
        string tenantId, string facilityId, DeclareExemptionRequest request, ClaimsPrincipal user, HttpContext http, FacilityCommands commands,
        CancellationToken cancellationToken)
    {
        if (CommandAnswers.Envelope(request, tenantId, user, out var context) is { } malformed) return malformed;
        var outcome = await commands.OnFacilityAsync(context, facilityId,
            (facility, state) => ExemptionDecider.Decide(facility.Kind, state, new DeclareExemption(request.Reason, request.PlannedDate)), cancellationToken);
        if (outcome is null) return FacilityEndpoints.UnknownFacility(facilityId);
        return CommandAnswers.Answer(http, outcome, facilityId, FacilityEndpoints.Location(tenantId, facilityId));
    }

    private static async Task<Results<Created<CommandResponse>, ProblemHttpResult>> WithdrawAsync(
        string tenantId, string facilityId, EnvelopeOnlyRequest request, ClaimsPrincipal user, HttpContext http, FacilityCommands commands,
        CancellationToken cancellationToken)
    {
        if (CommandAnswers.Envelope(request, tenantId, user, out var context) is { } malformed) return malformed;
        var outcome = await commands.OnFacilityAsync(context, facilityId,
            (_, state) => ExemptionDecider.Decide(state, new WithdrawExemption()), cancellationToken);
        if (outcome is null) return FacilityEndpoints.UnknownFacility(facilityId);
        return CommandAnswers.Answer(http, outcome, facilityId, FacilityEndpoints.Location(tenantId, facilityId));
    }
}
