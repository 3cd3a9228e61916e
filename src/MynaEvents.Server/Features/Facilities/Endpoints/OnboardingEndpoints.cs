using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.Domain.Onboarding;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Features.Facilities.Views;
using MynaEvents.Server.Security;
using MynaEvents.Server.Features.Facilities.Contracts;

namespace MynaEvents.Server.Features.Facilities.Endpoints;

/// <summary>The onboarding steps of one facility: usage application (利用申請), its approval, the operation start date (運用開始日).</summary>
internal static class OnboardingEndpoints
{
    public static void MapOnboardingCommands(this RouteGroupBuilder facility)
    {
        facility.MapPost("/usage-applications", SubmitAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("SubmitUsageApplication")
            .WithSummary("Record a usage application (利用申請); the manager's birth date is checked, never stored");
        facility.MapPost("/usage-applications/{applicationId}/approval", ApproveAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("ApproveUsageApplication")
            .WithSummary("Record that the approval mail for a usage application arrived");
        facility.MapPost("/operation-start-date", RegisterStartAsync)
            .RequireAuthorization(MynaPolicies.GroupAdmin)
            .WithName("RegisterOperationStartDate")
            .WithSummary("Register (or change) the operation start date (運用開始日); needs approval, an active device and a card read at the facility");
    }

    private static async Task<Results<Created<CommandResponse>, ProblemHttpResult>> SubmitAsync(
        string tenantId, string facilityId, SubmitUsageApplicationRequest request, ClaimsPrincipal user, HttpContext http, FacilityCommands commands,
        CancellationToken cancellationToken)
    {
        if (CommandAnswers.Envelope(request, tenantId, user, out var context) is { } malformed) return malformed;
        var applicationId = FacilityStreams.NewApplicationId(context.CommandId);
        var command = new SubmitUsageApplication(applicationId, request.ConfirmationMethod, request.ManagerBirthDate,
            request.ApprovalNoticeReference, request.StaffCount, request.RequestedDeviceCount, request.SubmittedOn);
        var outcome = await commands.OnFacilityAsync(context, facilityId,
            (_, state) => UsageApplicationDecider.Decide(state, command, commands.Today), cancellationToken);
        if (outcome is null) return FacilityEndpoints.UnknownFacility(facilityId);
        return CommandAnswers.Answer(http, outcome, outcome.Find<UsageApplicationSubmitted>()?.ApplicationId ?? applicationId,
            FacilityEndpoints.Location(tenantId, facilityId));
    }

    private static async Task<Results<Created<CommandResponse>, ProblemHttpResult>> ApproveAsync(
        string tenantId, string facilityId, string applicationId, ApproveUsageApplicationRequest request, ClaimsPrincipal user, HttpContext http,
        FacilityCommands commands, CancellationToken cancellationToken)
    {
        if (CommandAnswers.Envelope(request, tenantId, user, out var context) is { } malformed) return malformed;
        var outcome = await commands.OnFacilityAsync(context, facilityId,
            (_, state) => UsageApplicationDecider.Decide(state, new ApproveUsageApplication(applicationId, request.ApprovedOn), commands.Today),
            cancellationToken);
        if (outcome is null) return FacilityEndpoints.UnknownFacility(facilityId);
        return CommandAnswers.Answer(http, outcome, applicationId, FacilityEndpoints.Location(tenantId, facilityId));
    }

    private static async Task<Results<Created<CommandResponse>, ProblemHttpResult>> RegisterStartAsync(
        string tenantId, string facilityId, RegisterOperationStartDateRequest request, ClaimsPrincipal user, HttpContext http, FacilityCommands commands,
        ICardReadHistory cardReads, CancellationToken cancellationToken)
    {
        if (CommandAnswers.Envelope(request, tenantId, user, out var context) is { } malformed) return malformed;
        var cardRead = (await cardReads.FacilitiesWithACardReadAsync(tenantId, [facilityId], cancellationToken)).Contains(facilityId);
        var outcome = await commands.OnFacilityAsync(context, facilityId,
            (_, state) => OperationStartDecider.Decide(state, new RegisterOperationStartDate(request.StartDate), commands.Today, cardRead),
            cancellationToken);
        if (outcome is null) return FacilityEndpoints.UnknownFacility(facilityId);
        return CommandAnswers.Answer(http, outcome, facilityId, FacilityEndpoints.Location(tenantId, facilityId));
    }
}
