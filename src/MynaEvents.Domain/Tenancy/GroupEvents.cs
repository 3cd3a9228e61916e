namespace MynaEvents.Domain.Tenancy;

/// <summary>An event of a clinic group's own stream: its name, branches and facilities.</summary>
#pragma warning disable CA1040 // a marker: the fold accepts only this stream's events
public interface IGroupEvent;
#pragma warning restore CA1040

/// <summary>
/// 法人/グループ: a clinic group came into being. The group is the tenant; its id is the
/// tenant id, so the event carries only the name.
/// </summary>
public sealed record GroupCreated(string Name) : IGroupEvent;

/// <summary>A branch (one place of business) of the group was opened.</summary>
public sealed record BranchOpened(string BranchId, string Name, string Address) : IGroupEvent;

/// <summary>
/// A treatment facility (施術所) was registered at a branch. A branch holds at most one
/// facility of each kind, which is why facilities are registered in the group's stream:
/// the rule is checked and kept in one place.
/// </summary>
public sealed record FacilityRegistered(
    string FacilityId,
    string BranchId,
    FacilityKind Kind,
    string RegistrationNumber,
    string Name,
    string Address) : IGroupEvent;
