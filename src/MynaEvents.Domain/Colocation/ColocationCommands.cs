using MynaEvents.Domain.Onboarding;
using MynaEvents.Domain.Tenancy;

namespace MynaEvents.Domain.Colocation;

/// <summary>Declare a co-location (併設申告) of two facilities, naming the primary and the shared devices.</summary>
public sealed record DeclareColocation(
    string ColocationId,
    IReadOnlyList<string>? FacilityIds,
    string? PrimaryFacilityId,
    IReadOnlyList<string>? SharedDeviceIds);

/// <summary>Withdraw (取消) an active declaration.</summary>
public sealed record WithdrawColocation(string ColocationId);

/// <summary>A facility named in a declaration: who it is and how far its onboarding got.</summary>
public sealed record ColocationParty(FacilityProfile Profile, FacilityState State);
