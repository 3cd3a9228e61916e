namespace MynaEvents.Server.Security.People;

/// <summary>The rules a new person must meet; each failure names the field and the rule.</summary>
internal static class PersonValidation
{
    public const int MaxDisplayNameLength = 100;

    /// <summary>Roles a group may give its people; platform administrators are not created through the API.</summary>
    public static readonly IReadOnlyList<string> Roles = [MynaRoles.GroupAdmin, MynaRoles.Auditor, MynaRoles.ReceptionStaff];

    public static Dictionary<string, string[]> Validate(string tenantId, CreatePersonRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Identifiers.IsValid(tenantId)) errors["tenantId"] = [Identifiers.Rule];
        if (request.CommandId is null || request.CommandId == Guid.Empty) errors["commandId"] = [Idempotency.Resends.CommandIdRule];

        var name = request.DisplayName?.Trim();
        if (string.IsNullOrEmpty(name))
            errors["displayName"] = ["is required: the name colleagues know this person by"];
        else if (name.Length > MaxDisplayNameLength || name.Any(char.IsControl))
            errors["displayName"] = [$"must be at most {MaxDisplayNameLength} characters without control characters"];

        if (request.Role is null || !Roles.Contains(request.Role))
            errors["role"] = [$"must be one of {string.Join(", ", Roles)}"];
        else if (request.Role == MynaRoles.ReceptionStaff && !Identifiers.IsValid(request.FacilityId))
            errors["facilityId"] = [request.FacilityId is null ? "is required for reception_staff: the facility they work at" : Identifiers.Rule];
        else if (request.Role != MynaRoles.ReceptionStaff && request.FacilityId is not null)
            errors["facilityId"] = [$"must be omitted for {request.Role}: only reception_staff belong to one facility"];
        return errors;
    }
}
