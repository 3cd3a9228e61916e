using MynaEvents.Domain.Devices;
using MynaEvents.Domain.Tenancy;

namespace MynaEvents.Server.Features.Facilities.Directory;

/// <summary>A facility as the directory knows it.</summary>
public sealed record DirectoryFacility(
    string TenantId,
    string FacilityId,
    string BranchId,
    FacilityKind Kind,
    string RegistrationNumber,
    string Name,
    string Address)
{
    public FacilityProfile ToProfile() => new(TenantId, FacilityId, BranchId, Kind, RegistrationNumber, Name, Address);
}

/// <summary>A registered device: its facility, and whether it still reads cards.</summary>
public sealed record DirectoryDevice(
    string TenantId,
    string DeviceId,
    string FacilityId,
    DeviceKind Kind,
    string? Label,
    bool Active,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? RetiredAt);

/// <summary>
/// One co-location declaration (併設申告) with the database times at which it was declared
/// and withdrawn: it is in force from <see cref="DeclaredAt"/> (inclusive) until
/// <see cref="WithdrawnAt"/> (exclusive).
/// </summary>
public sealed record DirectoryColocation(
    string TenantId,
    string ColocationId,
    string BranchId,
    string JudoFacilityId,
    string AhakiFacilityId,
    string PrimaryFacilityId,
    IReadOnlyList<string> SharedDeviceIds,
    DateTimeOffset DeclaredAt,
    DateTimeOffset? WithdrawnAt)
{
    public bool IsActive => WithdrawnAt is null;

    public bool ActiveAt(DateTimeOffset instant) => DeclaredAt <= instant && (WithdrawnAt is null || instant < WithdrawnAt);

    public bool Involves(string facilityId) => JudoFacilityId == facilityId || AhakiFacilityId == facilityId;

    public string PartnerOf(string facilityId) => facilityId == JudoFacilityId ? AhakiFacilityId : JudoFacilityId;

    public string SecondaryFacilityId => PartnerOf(PrimaryFacilityId);
}
