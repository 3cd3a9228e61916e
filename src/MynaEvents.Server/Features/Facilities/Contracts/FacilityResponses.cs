using System.Text.Json.Serialization;
using MynaEvents.Domain.Devices;
using MynaEvents.Domain.Obligation;
using MynaEvents.Domain.Onboarding;
using MynaEvents.Domain.Tenancy;

namespace MynaEvents.Server.Features.Facilities.Contracts;

/// <summary>
/// What a command wrote: 201 the first time, and the same 201 with the same body when the command
/// id is sent again (with the header <c>Idempotent-Replayed: true</c>, and nothing written).
/// <c>toVersion</c> is the next <c>expectedVersion</c> of the stream.
/// </summary>
/// <param name="Id">The id of the thing created or changed (group, branch, facility, application, device, declaration).</param>
/// <param name="ActivationCode">Device registration only: the one-time code the app asks for at setup. Shown in this answer and
/// in the answer to a resend of the same command; it stops working when it is used, replaced or expires.</param>
/// <param name="ActivationCodeExpiresAt">When the activation code stops working if unused.</param>
public sealed record CommandResponse(
    string Id,
    string StreamId,
    long FromVersion,
    long ToVersion,
    IReadOnlyList<string> Events,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ActivationCode = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ActivationCodeExpiresAt = null);

/// <summary>A clinic group with its branches and the state of each facility.</summary>
/// <param name="Version">The group stream's version: the expectedVersion for branch and facility registration.</param>
/// <param name="AsOf">The JST date the obligation states are derived for.</param>
public sealed record GroupFacilitiesResponse(string TenantId, string Name, long Version, DateOnly AsOf, IReadOnlyList<BranchView> Branches);

public sealed record BranchView(string BranchId, string Name, string Address, IReadOnlyList<FacilitySummary> Facilities);

/// <param name="NextStep">The first onboarding step neither done nor covered by a co-location; null when none is left.</param>
/// <param name="Applied">利用申請済: the facility itself filed a usage application.</param>
/// <param name="OnboardingCoveredBy">The primary facility whose introduction covers this one's (the secondary of a co-location in force).</param>
public sealed record FacilitySummary(
    string FacilityId,
    FacilityKind Kind,
    string Name,
    string RegistrationNumber,
    OnboardingStep? NextStep,
    ObligationStatus Obligation,
    string? ColocationId,
    bool Applied,
    string? OnboardingCoveredBy);

/// <summary>One facility: who it is, its onboarding checklist, devices, exemption, co-location and obligation.</summary>
/// <param name="Version">The facility stream's version: the expectedVersion for the facility's own commands.</param>
/// <param name="NextStep">The first onboarding step neither done nor covered by a co-location; null when none is left.</param>
/// <param name="OnboardingCoveredBy">The primary facility whose introduction covers this one's (the secondary of a co-location in force).</param>
public sealed record FacilityResponse(
    string TenantId,
    string FacilityId,
    string BranchId,
    FacilityKind Kind,
    string RegistrationNumber,
    string Name,
    string Address,
    long Version,
    DateOnly AsOf,
    OnboardingStep? NextStep,
    IReadOnlyList<ChecklistItem> Checklist,
    IReadOnlyList<UsageApplication> Applications,
    int DeviceAllowance,
    IReadOnlyList<DeviceView> Devices,
    DateOnly? OperationStartDate,
    Exemption? Exemption,
    ColocationView? Colocation,
    ObligationStatus Obligation,
    string? OnboardingCoveredBy);

public sealed record DeviceView(string DeviceId, DeviceKind Kind, string? Label, bool Active);

/// <summary>The co-location in force now, seen from this facility.</summary>
/// <param name="Role">primary (主たる施術所) or secondary (従たる施術所).</param>
/// <param name="StreamVersion">The branch's co-location stream version: the expectedVersion for withdrawing.</param>
public sealed record ColocationView(
    string ColocationId,
    string Role,
    string PartnerFacilityId,
    string PrimaryFacilityId,
    IReadOnlyList<string> SharedDeviceIds,
    DateTimeOffset DeclaredAt,
    long StreamVersion);

/// <summary>A device's one-time activation code, shown in this answer (and in the answer to a resend of the same command).</summary>
public sealed record ActivationCodeResponse(string DeviceId, string ActivationCode, DateTimeOffset ExpiresAt);

/// <summary>The group's branches, each with the facilities registered at it.</summary>
/// <param name="Version">The group stream's version: the expectedVersion for branch and facility registration.</param>
public sealed record BranchesResponse(string TenantId, long Version, IReadOnlyList<BranchEntry> Branches);

public sealed record BranchEntry(string BranchId, string Name, string Address, IReadOnlyList<string> FacilityIds);

/// <summary>A facility's devices, retired ones included.</summary>
public sealed record DevicesResponse(string FacilityId, IReadOnlyList<DeviceEntry> Devices);

/// <summary>
/// One registered device. <c>state</c>: awaiting_activation (registered, its code not used yet),
/// active (activated: it reads cards) or retired.
/// </summary>
public sealed record DeviceEntry(
    string DeviceId, DeviceKind Kind, string? Label, string State, DateTimeOffset RegisteredAt, DateTimeOffset? ActivatedAt, DateTimeOffset? RetiredAt);

/// <summary>Co-location declarations (併設申告), in force and withdrawn, newest first.</summary>
public sealed record ColocationsResponse(string TenantId, IReadOnlyList<ColocationEntry> Colocations);

public sealed record ColocationEntry(
    string ColocationId,
    string BranchId,
    string JudoFacilityId,
    string AhakiFacilityId,
    string PrimaryFacilityId,
    IReadOnlyList<string> SharedDeviceIds,
    DateTimeOffset DeclaredAt,
    DateTimeOffset? WithdrawnAt,
    bool Active);
