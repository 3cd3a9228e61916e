namespace MynaEvents.Server.Features.Facilities;

/// <summary>
/// Where the facility feature's events live, per tenant (clinic group):
/// <list type="bullet">
/// <item><c>group</c>: the group, its branches and their facilities (one stream, so that "one facility
/// of each kind per branch" and "one facility per registration number" are checked atomically);</item>
/// <item><c>facility-{facilityId}</c>: one facility's onboarding, devices and exemption;</item>
/// <item><c>colocation-{branchId}</c>: the co-location declarations of the branch's judo/ahaki pair.</item>
/// </list>
/// New ids are derived from the command id, so a resent command names the same thing.
/// </summary>
internal static class FacilityStreams
{
    public const string Group = "group";
    private const string FacilityPrefix = "facility-";
    private const string ColocationPrefix = "colocation-";

    public static string Facility(string facilityId) => FacilityPrefix + facilityId;

    public static string Colocation(string branchId) => ColocationPrefix + branchId;

    /// <summary>The facility whose stream this is, or null for other streams.</summary>
    public static string? FacilityIdOf(string streamId) =>
        streamId.StartsWith(FacilityPrefix, StringComparison.Ordinal) ? streamId[FacilityPrefix.Length..] : null;

    private static readonly string[] MintedPrefixes = ["br-", "fac-", "app-", "dev-", "col-"];

    public static string NewBranchId(Guid commandId) => "br-" + commandId.ToString("N");

    public static string NewFacilityId(Guid commandId) => "fac-" + commandId.ToString("N");

    public static string NewApplicationId(Guid commandId) => "app-" + commandId.ToString("N");

    public static string NewDeviceId(Guid commandId) => "dev-" + commandId.ToString("N");

    public static string NewColocationId(Guid commandId) => "col-" + commandId.ToString("N");

    /// <summary>
    /// Whether <paramref name="value"/> has the shape of an id this server mints (a prefix and a
    /// command id's 32 hex digits). Its digits can line up as twelve in a row; it names a thing,
    /// it is no text, so the individual-number scan passes it.
    /// </summary>
    public static bool IsMintedId(string value)
    {
        foreach (var prefix in MintedPrefixes)
            if (value.Length == prefix.Length + 32 && value.StartsWith(prefix, StringComparison.Ordinal))
                return Guid.TryParseExact(value.AsSpan(prefix.Length), "N", out _);
        return false;
    }
}
