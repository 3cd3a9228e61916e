using MynaEvents.Domain.Decisions;

namespace MynaEvents.Domain.Tenancy;

/// <summary>The rules of a clinic group's structure: the group, its branches, their facilities.</summary>
public static class GroupDecider
{
    public static Decision Decide(GroupState group, CreateGroup command)
    {
        if (group.Exists)
            return Decision.Reject("tenantId", "group_exists", $"the clinic group '{group.GroupId}' already exists");
        if (DisplayText.Problem("name", command.Name, DisplayText.NameMaxLength, "the clinic group's name") is { } bad)
            return Decision.Reject(bad);
        return Decision.Accept(new GroupCreated(DisplayText.Normalize(command.Name!)));
    }

    public static Decision Decide(GroupState group, OpenBranch command)
    {
        if (!group.Exists) return NoGroup(group);
        if (DisplayText.Problem("name", command.Name, DisplayText.NameMaxLength, "the branch's name") is { } badName)
            return Decision.Reject(badName);
        if (DisplayText.Problem("address", command.Address, DisplayText.AddressMaxLength, "the branch's address") is { } badAddress)
            return Decision.Reject(badAddress);
        if (group.FindBranch(command.BranchId) is not null)
            return Decision.Reject("branchId", "branch_exists", $"branch '{command.BranchId}' already exists");
        var name = DisplayText.Normalize(command.Name!);
        if (group.Branches.Exists(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase)))
            return Decision.Reject("name", "branch_name_taken", $"the group already has a branch named '{name}'");
        return Decision.Accept(new BranchOpened(command.BranchId, name, DisplayText.Normalize(command.Address!)));
    }

    /// <summary>
    /// A branch holds one or two facilities, at most one of each kind; a registration number
    /// identifies one facility of the group.
    /// </summary>
    public static Decision Decide(GroupState group, RegisterFacility command)
    {
        if (!group.Exists) return NoGroup(group);
        if (string.IsNullOrWhiteSpace(command.BranchId))
            return Decision.Reject("branchId", "required", "is required: the branch the facility belongs to");
        if (group.FindBranch(command.BranchId) is null)
            return Decision.Reject("branchId", "unknown_branch", $"the group has no branch '{command.BranchId}'");
        if (command.Kind is not { } kind)
            return Decision.Reject("kind", "required", "is required: judo (柔道整復) or ahaki (あん摩マッサージ指圧・はり・きゅう)");
        if (!Enum.IsDefined(kind))
            return Decision.Reject("kind", "unknown_value", "must be judo or ahaki");
        if (RegistrationNumber.Problem(command.RegistrationNumber) is { } badNumber) return Decision.Reject(badNumber);
        if (DisplayText.Problem("name", command.Name, DisplayText.NameMaxLength, "the facility's name") is { } badName)
            return Decision.Reject(badName);
        if (DisplayText.Problem("address", command.Address, DisplayText.AddressMaxLength, "the facility's address") is { } badAddress)
            return Decision.Reject(badAddress);
        if (group.FindFacility(command.FacilityId) is not null)
            return Decision.Reject("facilityId", "facility_exists", $"facility '{command.FacilityId}' already exists");

        var sameKind = group.FacilitiesOf(command.BranchId).FirstOrDefault(f => f.Kind == kind);
        if (sameKind is not null)
            return Decision.Reject("kind", "branch_has_facility_of_kind",
                $"branch '{command.BranchId}' already has a {kind.Code()} facility ('{sameKind.FacilityId}'); " +
                "a branch holds at most one judo and one ahaki facility");

        var number = RegistrationNumber.Normalize(command.RegistrationNumber!);
        var holder = group.Facilities.Find(f => f.RegistrationNumber == number);
        if (holder is not null)
            return Decision.Reject("registrationNumber", "registration_number_taken",
                $"registration number {number} is already registered for facility '{holder.FacilityId}'");

        return Decision.Accept(new FacilityRegistered(command.FacilityId, command.BranchId, kind, number,
            DisplayText.Normalize(command.Name!), DisplayText.Normalize(command.Address!)));
    }

    private static Decision NoGroup(GroupState group) =>
        Decision.Reject("tenantId", "unknown_group", $"the clinic group '{group.GroupId}' has not been created");
}
