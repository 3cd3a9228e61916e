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
public interface ICommandRequest
{
    Guid? CommandId { get; }

    long? ExpectedVersion { get; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateGroupRequest(Guid? CommandId, string? Name, long? ExpectedVersion = null) : ICommandRequest;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OpenBranchRequest(Guid? CommandId, string? Name, string? Address, long? ExpectedVersion = null) : ICommandRequest;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RegisterFacilityRequest(
    Guid? CommandId, string? BranchId, FacilityKind? Kind, string? RegistrationNumber, string? Name, string? Address, long? ExpectedVersion = null)
    : ICommandRequest;

/// <summary>
/// 利用申請. <c>managerBirthDate</c> goes with <c>registration_number_and_manager_birth_date</c>: it is
/// checked and never stored. <c>approvalNoticeReference</c> goes with <c>approval_notice</c>.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SubmitUsageApplicationRequest(
    Guid? CommandId, FacilityConfirmationMethod? ConfirmationMethod, int? StaffCount, int? RequestedDeviceCount,
    DateOnly? ManagerBirthDate = null, string? ApprovalNoticeReference = null, DateOnly? SubmittedOn = null, long? ExpectedVersion = null) : ICommandRequest;

/// <summary>The approval mail arrived; <c>approvedOn</c> defaults to today (JST).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ApproveUsageApplicationRequest(Guid? CommandId, DateOnly? ApprovedOn = null, long? ExpectedVersion = null) : ICommandRequest;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RegisterDeviceRequest(
    Guid? CommandId, DeviceKind? Kind, bool? ReaderSupportsExtendedApdu, string? Label = null, long? ExpectedVersion = null) : ICommandRequest;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RetireDeviceRequest(Guid? CommandId, string? Reason = null, long? ExpectedVersion = null) : ICommandRequest;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RegisterOperationStartDateRequest(Guid? CommandId, DateOnly? StartDate, long? ExpectedVersion = null) : ICommandRequest;

/// <summary>やむを得ない事由: <c>plannedDate</c> (on or before 2025-12-02) goes with closure_or_suspension and stops_delegated_billing.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DeclareExemptionRequest(Guid? CommandId, ExemptionReason? Reason, DateOnly? PlannedDate = null, long? ExpectedVersion = null) : ICommandRequest;

/// <summary>A command with nothing but the envelope (withdrawals).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EnvelopeOnlyRequest(Guid? CommandId, long? ExpectedVersion = null) : ICommandRequest;

/// <summary>併設申告: the two facilities, the primary (主たる施術所) and the devices they share.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DeclareColocationRequest(
    Guid? CommandId, IReadOnlyList<string>? FacilityIds, string? PrimaryFacilityId, IReadOnlyList<string>? SharedDeviceIds, long? ExpectedVersion = null)
    : ICommandRequest;

/// <summary>A new activation code for a registered device; <c>commandId</c> makes a resend answer the same code.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReissueActivationCodeRequest(Guid? CommandId);
