using System.Text.Json.Serialization;
using MynaEvents.Domain.Devices;
using MynaEvents.Domain.Obligation;
using MynaEvents.Domain.Onboarding;
using MynaEvents.Domain.Tenancy;

namespace MynaEvents.Server.Features.Facilities.Contracts;

// Every command carries a client-generated commandId (a resend is harmless) and optionally the
// expectedVersion of the stream it changes (0: it must not exist yet). Unknown members are
// refused: personal data smuggled in a made-up field is never silently dropped, nor kept.

/// <summary>The envelope every facility command shares.</summary>
internal interface ICommandRequest
{
    Guid? CommandId { get; }

    long? ExpectedVersion { get; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateGroupRequest(Guid? CommandId, long? ExpectedVersion, string? Name) : ICommandRequest;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OpenBranchRequest(Guid? CommandId, long? ExpectedVersion, string? Name, string? Address) : ICommandRequest;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RegisterFacilityRequest(
    Guid? CommandId, long? ExpectedVersion, string? BranchId, FacilityKind? Kind, string? RegistrationNumber, string? Name, string? Address)
    : ICommandRequest;

/// <summary>
/// 利用申請. <c>managerBirthDate</c> goes with <c>registration_number_and_manager_birth_date</c>: it is
/// checked and never stored. <c>approvalNoticeReference</c> goes with <c>approval_notice</c>.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SubmitUsageApplicationRequest(
    Guid? CommandId, long? ExpectedVersion, FacilityConfirmationMethod? ConfirmationMethod, DateOnly? ManagerBirthDate,
    string? ApprovalNoticeReference, int? StaffCount, int? RequestedDeviceCount, DateOnly? SubmittedOn) : ICommandRequest;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ApproveUsageApplicationRequest(Guid? CommandId, long? ExpectedVersion, DateOnly? ApprovedOn) : ICommandRequest;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RegisterDeviceRequest(
    Guid? CommandId, long? ExpectedVersion, DeviceKind? Kind, string? Label, bool? ReaderSupportsExtendedApdu) : ICommandRequest;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RetireDeviceRequest(Guid? CommandId, long? ExpectedVersion, string? Reason) : ICommandRequest;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RegisterOperationStartDateRequest(Guid? CommandId, long? ExpectedVersion, DateOnly? StartDate) : ICommandRequest;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DeclareExemptionRequest(Guid? CommandId, long? ExpectedVersion, ExemptionReason? Reason, DateOnly? PlannedDate) : ICommandRequest;

/// <summary>A command with nothing but the envelope (withdrawals).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EnvelopeOnlyRequest(Guid? CommandId, long? ExpectedVersion) : ICommandRequest;

/// <summary>併設申告: the two facilities, the primary (主たる施術所) and the devices they share.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DeclareColocationRequest(
    Guid? CommandId, long? ExpectedVersion, IReadOnlyList<string>? FacilityIds, string? PrimaryFacilityId, IReadOnlyList<string>? SharedDeviceIds)
    : ICommandRequest;

/// <summary>A new activation code for a registered device; <c>commandId</c> makes a resend answer the same code.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReissueActivationCodeRequest(Guid? CommandId);
