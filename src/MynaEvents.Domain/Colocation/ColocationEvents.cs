namespace MynaEvents.Domain.Colocation;

/// <summary>An event of a branch's co-location stream: its declarations, one after another.</summary>
#pragma warning disable CA1040 // a marker: the fold accepts only this stream's events
public interface IColocationEvent;
#pragma warning restore CA1040

/// <summary>
/// 併設申告: the judo and the ahaki facility of one branch declared that they share devices
/// and see each other's eligibility results. The primary (主たる施術所) is the one that
/// introduced online confirmation; the other's obligation counts as met through it.
/// </summary>
/// <param name="SharedDeviceIds">The devices that serve both facilities (兼用する端末).</param>
public sealed record ColocationDeclared(
    string ColocationId,
    string BranchId,
    string JudoFacilityId,
    string AhakiFacilityId,
    string PrimaryFacilityId,
    IReadOnlyList<string> SharedDeviceIds) : IColocationEvent
{
    public string SecondaryFacilityId => PrimaryFacilityId == JudoFacilityId ? AhakiFacilityId : JudoFacilityId;

    public bool Involves(string facilityId) => JudoFacilityId == facilityId || AhakiFacilityId == facilityId;

    public string PartnerOf(string facilityId) => facilityId == JudoFacilityId ? AhakiFacilityId : JudoFacilityId;
}

/// <summary>取消: the declaration was withdrawn; from now on each facility stands on its own.</summary>
public sealed record ColocationWithdrawn(string ColocationId) : IColocationEvent;
