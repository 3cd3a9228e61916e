using Marten;
using Microsoft.AspNetCore.Mvc;
using MynaEvents.Server.Features.Facilities.Directory;
using Wolverine.Http;

namespace MynaEvents.Server.Features.Facilities.Commands;

/// <summary>
/// Middleware of the commands on one facility (<c>…/facilities/{facilityId}/…</c>): a facility the
/// group does not have — another group's, or none — is a 404 and nothing is decided; the endpoint
/// gets the facility's directory entry (its kind, its branch).
/// </summary>
public static class KnownFacility
{
    public static Task<DirectoryFacility?> LoadAsync(string facilityId, IDocumentSession session, FacilityDirectory directory,
        CancellationToken cancellationToken) =>
        directory.FindFacilityAsync(session.TenantId, facilityId, cancellationToken);

    public static ProblemDetails Validate(DirectoryFacility? facility, string facilityId) =>
        facility is null
            ? CommandAnswers.NotFoundDetails("facilityId", $"there is no facility '{facilityId}' in this clinic group")
            : WolverineContinue.NoProblems;
}
