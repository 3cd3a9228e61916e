using System.Text.Json.Serialization;

namespace MynaEvents.Server.Security.People;

/// <summary>A person of the group. <c>facilityId</c> is required for reception_staff (a facility of this group) and refused for other roles.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreatePersonRequest(Guid? CommandId, string? DisplayName, string? Role, string? FacilityId = null);

/// <summary>Asks for a new personal access token; <c>commandId</c> makes a resend return the same token.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record IssuePersonTokenRequest(Guid? CommandId);

/// <summary>The new person and their personal access token, shown only in this answer (and in the answer to a resend of the same command).</summary>
public sealed record PersonCreatedResponse(string PersonId, string DisplayName, string Role, string? FacilityId, string Token, DateTimeOffset TokenExpiresAt);

/// <summary>A fresh personal access token; every earlier token of the person stops working.</summary>
public sealed record PersonTokenResponse(string PersonId, string Token, DateTimeOffset TokenExpiresAt);

public sealed record PersonResponse(string PersonId, string DisplayName, string Role, string? FacilityId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public sealed record PeopleResponse(string TenantId, IReadOnlyList<PersonResponse> People);
