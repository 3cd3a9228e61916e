using System.Collections.Immutable;

namespace MynaEvents.Domain.Tenancy;

/// <summary>A branch of a clinic group.</summary>
public sealed record Branch(string BranchId, string Name, string Address);

/// <summary>A facility as registered in its group: who it is, not how far its onboarding got.</summary>
public sealed record FacilityProfile(
    string GroupId,
    string FacilityId,
    string BranchId,
    FacilityKind Kind,
    string RegistrationNumber,
    string Name,
    string Address);

/// <summary>A clinic group folded from its stream.</summary>
public sealed record GroupState(
    string GroupId,
    string? Name,
    ImmutableList<Branch> Branches,
    ImmutableList<FacilityProfile> Facilities)
{
    public static GroupState Initial(string groupId) => new(groupId, null, [], []);

    public bool Exists => Name is not null;

    public GroupState Apply(IGroupEvent @event) => @event switch
    {
        GroupCreated created => this with { Name = created.Name },
        BranchOpened opened => this with { Branches = Branches.Add(new Branch(opened.BranchId, opened.Name, opened.Address)) },
        FacilityRegistered registered => this with
        {
            Facilities = Facilities.Add(new FacilityProfile(GroupId, registered.FacilityId, registered.BranchId,
                registered.Kind, registered.RegistrationNumber, registered.Name, registered.Address)),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Not an event of a group's stream."),
    };

    public static GroupState Fold(string groupId, IEnumerable<IGroupEvent> events) =>
        events.Aggregate(Initial(groupId), (state, e) => state.Apply(e));

    public Branch? FindBranch(string branchId) => Branches.Find(b => b.BranchId == branchId);

    public FacilityProfile? FindFacility(string facilityId) => Facilities.Find(f => f.FacilityId == facilityId);

    public IEnumerable<FacilityProfile> FacilitiesOf(string branchId) => Facilities.Where(f => f.BranchId == branchId);
}
