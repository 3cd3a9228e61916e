using MynaEvents.Domain.Decisions;
using MynaEvents.Domain.Tenancy;

namespace MynaEvents.Domain.Colocation;

/// <summary>
/// The rules of a co-location declaration (併設申告): one judo and one ahaki facility of the
/// same group and branch, neither in another active declaration; a primary that has introduced
/// online confirmation (approved, with an active device of its own); shared devices that are
/// active devices of either facility.
/// </summary>
public static class ColocationDecider
{
    /// <param name="branch">The co-location stream of the branch the first named facility belongs to.</param>
    /// <param name="parties">The named facilities that exist, by id; a missing id is an unknown facility.</param>
    public static Decision Decide(ColocationState branch, DeclareColocation command, IReadOnlyDictionary<string, ColocationParty> parties)
    {
        var ids = command.FacilityIds ?? [];
        if (ids.Count != 2 || ids.Any(string.IsNullOrWhiteSpace) || ids[0] == ids[1])
            return Decision.Reject("facilityIds", "two_facilities_required",
                "must name exactly two different facilities: one judo and one ahaki facility");
        var unknown = ids.FirstOrDefault(id => !parties.ContainsKey(id));
        if (unknown is not null)
            return Decision.Reject("facilityIds", "unknown_facility", $"'{unknown}' is not a facility of this clinic group");

        var (a, b) = (parties[ids[0]].Profile, parties[ids[1]].Profile);
        if (a.GroupId != b.GroupId)
            return Decision.Reject("facilityIds", "different_groups",
                "both facilities must belong to the same clinic group; a co-location never crosses groups");
        if (a.Kind == b.Kind)
            return Decision.Reject("facilityIds", "same_kind",
                $"both facilities are {a.Kind.Code()} facilities; a co-location joins one judo (柔道整復) and one ahaki (あはき) facility");
        if (a.BranchId != b.BranchId)
            return Decision.Reject("facilityIds", "different_branches",
                $"both facilities must be at the same branch (併設 means at the same place); '{a.FacilityId}' is at '{a.BranchId}', " +
                $"'{b.FacilityId}' at '{b.BranchId}'");

        if (string.IsNullOrWhiteSpace(command.PrimaryFacilityId))
            return Decision.Reject("primaryFacilityId", "required", "is required: the facility that introduced online confirmation (主たる施術所)");
        if (!ids.Contains(command.PrimaryFacilityId))
            return Decision.Reject("primaryFacilityId", "primary_not_a_party", "must be one of the two facilities in facilityIds");

        if (branch.Active is { } active)
            return Decision.Reject("facilityIds", "already_colocated",
                $"'{active.JudoFacilityId}' and '{active.AhakiFacilityId}' are already in active declaration '{active.ColocationId}'; withdraw it first");

        var primary = parties[command.PrimaryFacilityId];
        if (!primary.State.IsApproved)
            return Decision.Reject("primaryFacilityId", "primary_not_approved",
                "the primary facility has no approved usage application; the primary is the one that introduced online confirmation");
        if (!primary.State.HasActiveDevice)
            return Decision.Reject("primaryFacilityId", "primary_has_no_active_device",
                "the primary facility has no active device; the primary is the one that introduced online confirmation");

        if (SharedDevicesProblem(command.SharedDeviceIds, parties[ids[0]], parties[ids[1]]) is { } badDevices)
            return Decision.Reject(badDevices);

        var judo = a.Kind == FacilityKind.Judo ? a : b;
        var ahaki = a.Kind == FacilityKind.Ahaki ? a : b;
        return Decision.Accept(new ColocationDeclared(command.ColocationId, a.BranchId, judo.FacilityId, ahaki.FacilityId,
            command.PrimaryFacilityId, [.. command.SharedDeviceIds!]));
    }

    public static Decision Decide(ColocationState branch, WithdrawColocation command)
    {
        if (branch.Find(command.ColocationId) is null)
            return Decision.Reject("colocationId", "unknown_colocation", $"there is no co-location declaration '{command.ColocationId}'");
        if (branch.Active?.ColocationId != command.ColocationId)
            return Decision.Reject("colocationId", "colocation_withdrawn",
                $"co-location declaration '{command.ColocationId}' was already withdrawn");
        return Decision.Accept(new ColocationWithdrawn(command.ColocationId));
    }

    private static DomainRejection? SharedDevicesProblem(IReadOnlyList<string>? deviceIds, ColocationParty first, ColocationParty second)
    {
        if (deviceIds is null || deviceIds.Count == 0)
            return new("sharedDeviceIds", "required", "must name at least one device that serves both facilities (兼用する端末)");
        if (deviceIds.Distinct(StringComparer.Ordinal).Count() != deviceIds.Count)
            return new("sharedDeviceIds", "duplicate_device", "must not name a device twice");
        foreach (var deviceId in deviceIds)
        {
            var device = first.State.FindDevice(deviceId ?? "") ?? second.State.FindDevice(deviceId ?? "");
            if (device is null)
                return new("sharedDeviceIds", "unknown_device", $"'{deviceId}' is not a device of either facility");
            if (!device.Active)
                return new("sharedDeviceIds", "device_retired", $"device '{deviceId}' is retired; only active devices can be shared");
        }
        return null;
    }
}
