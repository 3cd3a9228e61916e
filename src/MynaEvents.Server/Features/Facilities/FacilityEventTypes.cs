using MynaEvents.Domain.Colocation;
using MynaEvents.Domain.Devices;
using MynaEvents.Domain.Obligation;
using MynaEvents.Domain.Onboarding;
using MynaEvents.Domain.Tenancy;
using MynaEvents.Server.Storage;
using MynaEvents.Server.Hosting;

namespace MynaEvents.Server.Features.Facilities;

/// <summary>The stored names of the facility feature's events. A name, once written, never changes.</summary>
internal sealed class FacilityEventTypes : IEventTypeRegistration
{
    public void Register(EventTypeRegistry registry) => registry
        .Register<GroupCreated>("GroupCreated")
        .Register<BranchOpened>("BranchOpened")
        .Register<FacilityRegistered>("FacilityRegistered")
        .Register<UsageApplicationSubmitted>("UsageApplicationSubmitted")
        .Register<UsageApplicationApproved>("UsageApplicationApproved")
        .Register<DeviceRegistered>("DeviceRegistered")
        .Register<DeviceRetired>("DeviceRetired")
        .Register<OperationStartDateRegistered>("OperationStartDateRegistered")
        .Register<ExemptionDeclared>("ExemptionDeclared")
        .Register<ExemptionWithdrawn>("ExemptionWithdrawn")
        .Register<ColocationDeclared>("ColocationDeclared")
        .Register<ColocationWithdrawn>("ColocationWithdrawn");
}
