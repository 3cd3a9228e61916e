using System.Text.Json.Serialization;
using MynaEvents.Domain.Devices;
using MynaEvents.Domain.Obligation;
using MynaEvents.Domain.Onboarding;
using MynaEvents.Domain.Tenancy;

namespace MynaEvents.Server.Features.Facilities.Contracts;

/// <summary>
/// What a command wrote: 201 the first time, 200 with the same body (and <c>duplicate</c>) when
/// the command id is sent again. <c>toVersion</c> is the next <c>expectedVersion</c> of the stream.
/// </summary>
/// <param name="Id">The id of the thing created or changed (group, branch, facility, application, device, declaration).</param>
/// <param name="ActivationCode">Device registration only: the one-time code the app asks for at setup. Shown in this answer only;
/// a resend issues a fresh code that replaces the unused one.</param>
public sealed record CommandResponse(
    string Id,
    string StreamId,
    long FromVersion,
    long ToVersion,
    IReadOnlyList<string> Events,
    bool Duplicate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ActivationCode = null);

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
