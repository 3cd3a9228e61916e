using MynaEvents.Server.Storage;
using MynaEvents.Domain.Obligation;
using MynaEvents.Domain.Onboarding;
using MynaEvents.Domain.Tenancy;
using MynaEvents.Domain.Time;
using MynaEvents.Server.Features.Facilities.Commands;
using MynaEvents.Server.Features.Facilities.Contracts;
using MynaEvents.Server.Features.Facilities.Directory;

namespace MynaEvents.Server.Features.Facilities.Views;

/// <summary>
/// Builds what administrators and auditors read, from the streams themselves: onboarding and
/// obligation are folded on every request, because the obligation depends on today's date
/// (a registered start date may still lie ahead) and a stored status would go stale at midnight.
/// Groups are small (a few dozen facilities), so folding each facility's short stream is cheap.
/// </summary>
public sealed class FacilityViews(FacilityDirectory directory, EventStreams store, ICardReadHistory cardReads,
    TimeProvider time)
{
    /// <summary>Today in Japan: the date the rules and the obligation are judged on.</summary>
    public DateOnly Today => JapanTime.DateOf(time.GetUtcNow());

    public async Task<(GroupState State, long Version)> GroupAsync(string tenantId, CancellationToken cancellationToken)
    {
        var group = await store.AggregateStreamAsync(tenantId, FacilityStreams.Group, GroupState.Initial(tenantId),
            (s, e) => e.Data is IGroupEvent g ? s.Apply(g) : s, cancellationToken: cancellationToken);
        return (group.State, group.Version);
    }

    public async Task<(FacilityState State, long Version)> FacilityStateAsync(string tenantId, string facilityId, CancellationToken cancellationToken)
    {
        var facility = await store.AggregateStreamAsync(tenantId, FacilityStreams.Facility(facilityId), FacilityState.Initial,
            (s, e) => e.Data is IFacilityEvent f ? s.Apply(f) : s, cancellationToken: cancellationToken);
        return (facility.State, facility.Version);
    }

    public async Task<FacilityResponse?> FacilityAsync(string tenantId, string facilityId, CancellationToken cancellationToken)
    {
        var facility = await directory.FindFacilityAsync(tenantId, facilityId, cancellationToken);
        if (facility is null) return null;
        var (state, version) = await FacilityStateAsync(tenantId, facilityId, cancellationToken);
        var colocation = await directory.ActiveColocationOfAsync(tenantId, facilityId, cancellationToken);
        FacilityState? primary = colocation is not null && colocation.SecondaryFacilityId == facilityId
            ? (await FacilityStateAsync(tenantId, colocation.PrimaryFacilityId, cancellationToken)).State
            : null;

        var today = Today;
        var cardRead = (await cardReads.FacilitiesWithACardReadAsync(tenantId, [facilityId], cancellationToken)).Contains(facilityId);
        var facts = Facts(facilityId, colocation, cardRead);
        var checklist = OnboardingChecklist.For(state, today, facts);
        ColocationView? colocationView = null;
        if (colocation is not null)
        {
            var streamVersion = await store.GetStreamVersionAsync(tenantId, FacilityStreams.Colocation(colocation.BranchId), cancellationToken);
            colocationView = new ColocationView(colocation.ColocationId, colocation.PrimaryFacilityId == facilityId ? "primary" : "secondary",
                colocation.PartnerOf(facilityId), colocation.PrimaryFacilityId, colocation.SharedDeviceIds, colocation.DeclaredAt, streamVersion);
        }
        return new FacilityResponse(tenantId, facility.FacilityId, facility.BranchId, facility.Kind, facility.RegistrationNumber,
            facility.Name, facility.Address, version, today, OnboardingChecklist.NextStep(checklist), checklist, state.Applications,
            state.DeviceAllowance, state.Devices.Select(d => new DeviceView(d.DeviceId, d.Kind, d.Label, d.Active)).ToList(),
            state.OperationStartDate, state.Exemption, colocationView, Obligation(colocation, primary, state, today), facts.CoveringPrimaryFacilityId);
    }

    public async Task<GroupFacilitiesResponse?> GroupFacilitiesAsync(string tenantId, CancellationToken cancellationToken)
    {
        var (group, version) = await GroupAsync(tenantId, cancellationToken);
        if (!group.Exists) return null;

        var states = new Dictionary<string, FacilityState>(StringComparer.Ordinal);
        foreach (var facility in group.Facilities)
            states[facility.FacilityId] = (await FacilityStateAsync(tenantId, facility.FacilityId, cancellationToken)).State;
        var colocations = await directory.ActiveColocationsAsync(tenantId, cancellationToken);
        var withCardRead = await cardReads.FacilitiesWithACardReadAsync(tenantId, states.Keys, cancellationToken);

        var today = Today;
        var branches = group.Branches.Select(branch => new BranchView(branch.BranchId, branch.Name, branch.Address,
            group.FacilitiesOf(branch.BranchId).Select(facility =>
            {
                var state = states[facility.FacilityId];
                var colocation = colocations.FirstOrDefault(c => c.Involves(facility.FacilityId));
                var primary = colocation is not null && colocation.SecondaryFacilityId == facility.FacilityId
                    ? states.GetValueOrDefault(colocation.PrimaryFacilityId)
                    : null;
                var facts = Facts(facility.FacilityId, colocation, withCardRead.Contains(facility.FacilityId));
                var checklist = OnboardingChecklist.For(state, today, facts);
                return new FacilitySummary(facility.FacilityId, facility.Kind, facility.Name, facility.RegistrationNumber,
                    OnboardingChecklist.NextStep(checklist), Obligation(colocation, primary, state, today),
                    colocation?.ColocationId, OnboardingChecklist.HasApplied(checklist), facts.CoveringPrimaryFacilityId);
            }).ToList())).ToList();
        return new GroupFacilitiesResponse(tenantId, group.Name!, version, today, branches);
    }

    /// <summary>The secondary of a co-location in force is covered by its primary; the list and the detail judge it alike.</summary>
    private static OnboardingFacts Facts(string facilityId, DirectoryColocation? colocation, bool cardRead) =>
        new(cardRead, colocation is not null && colocation.SecondaryFacilityId == facilityId ? colocation.PrimaryFacilityId : null);

    private static ObligationStatus Obligation(DirectoryColocation? colocation, FacilityState? primary, FacilityState own, DateOnly today) =>
        ObligationRules.Derive(own, colocation is not null && primary is not null ? new PrimaryOfColocation(colocation.PrimaryFacilityId, primary) : null, today);
}
