namespace MynaEvents.Domain.Tenancy;

/// <summary>Create the clinic group (the tenant). Fields are nullable: the decider says what is missing.</summary>
public sealed record CreateGroup(string? Name);

/// <summary>Open a branch; its id is chosen by the caller (the server derives it from the command id).</summary>
public sealed record OpenBranch(string BranchId, string? Name, string? Address);

/// <summary>Register a treatment facility (施術所) at a branch.</summary>
public sealed record RegisterFacility(
    string FacilityId,
    string? BranchId,
    FacilityKind? Kind,
    string? RegistrationNumber,
    string? Name,
    string? Address);
