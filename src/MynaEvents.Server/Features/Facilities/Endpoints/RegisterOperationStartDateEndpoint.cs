using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Features.Facilities.Contracts;
using MynaEvents.Server.Features.Facilities.Directory;
using MynaEvents.Server.Security;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Marten;
using MynaEvents.Domain.Onboarding;
using MynaEvents.Domain.Time;
using MynaEvents.Server.Features.Facilities.Views;

namespace MynaEvents.Server.Features.Facilities.Endpoints;

/// <summary>運用開始日: accepted once the facility is approved, has an active device and a card was read there.</summary>
public static class RegisterOperationStartDateEndpoint
{
    public static string FacilityStream(string facilityId) => FacilityStreams.Facility(facilityId);

    [WolverinePost("/api/tenants/{tenantId}/facilities/{facilityId}/operation-start-date", OperationId = "RegisterOperationStartDate")]
    [Tags("Facilities"), Authorize(Policy = MynaPolicies.GroupAdmin), Middleware(typeof(KnownFacility))]
    [EndpointSummary("Register (or change) the operation start date (運用開始日); needs approval, an active device and a card read at the facility")]
    public static async Task<Results<Created<CommandResponse>, ProblemHttpResult>> Post(RegisterOperationStartDateRequest request,
        DirectoryFacility facility, [WriteAggregate(FromMethod = nameof(FacilityStream), Required = false)] IEventStream<WriteModel<FacilityState>> stream,
        CommandContext command, IDocumentSession session, HttpContext http, ICardReadHistory cardReads, CancellationToken cancellationToken)
    {
        var cardRead = (await cardReads.FacilitiesWithACardReadAsync(command.TenantId, [facility.FacilityId], cancellationToken)).Contains(facility.FacilityId);
        var outcome = stream.Decide(session, command, FacilityState.Initial, state => OperationStartDecider.Decide(state,
            new RegisterOperationStartDate(request.StartDate), JapanTime.DateOf(command.ReceivedAt), cardRead));
        return CommandAnswers.Answer(http, outcome, facility.FacilityId, FacilityEndpoints.Location(command.TenantId, facility.FacilityId));
    }
}
