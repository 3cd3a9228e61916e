using MynaEvents.Domain.Colocation;
using MynaEvents.Domain.Decisions;
using MynaEvents.Domain.Onboarding;
using MynaEvents.Domain.Tenancy;
using MynaEvents.Domain.Time;
using MynaEvents.Server.Features.Facilities.Directory;

namespace MynaEvents.Server.Features.Facilities.Commands;

/// <summary>Runs commands on the feature's three kinds of stream, with today's JST date for the rules that need it.</summary>
internal sealed class FacilityCommands(CommandPipeline pipeline, FacilityDirectory directory, TimeProvider time)
{
    public DateOnly Today => JapanTime.DateOf(time.GetUtcNow());

    public Task<CommandOutcome> OnGroupAsync(CommandContext context, Func<GroupState, Decision> decide, CancellationToken cancellationToken) =>
        pipeline.RunAsync<GroupState, IGroupEvent>(context, FacilityStreams.Group, "group", GroupState.Initial(context.TenantId),
            (s, e) => s.Apply(e), decide, cancellationToken);

    /// <summary>Null when the tenant has no such facility (nothing is read or written then).</summary>
    public async Task<CommandOutcome?> OnFacilityAsync(CommandContext context, string facilityId,
        Func<DirectoryFacility, FacilityState, Decision> decide, CancellationToken cancellationToken)
    {
        var facility = await directory.FindFacilityAsync(context.TenantId, facilityId, cancellationToken);
        if (facility is null) return null;
        return await pipeline.RunAsync<FacilityState, IFacilityEvent>(context, FacilityStreams.Facility(facilityId), "facility",
            FacilityState.Initial, (s, e) => s.Apply(e), state => decide(facility, state), cancellationToken);
    }

    public Task<CommandOutcome> OnColocationAsync(CommandContext context, string branchId, Func<ColocationState, Decision> decide,
        CancellationToken cancellationToken) =>
        pipeline.RunAsync<ColocationState, IColocationEvent>(context, FacilityStreams.Colocation(branchId), "colocation",
            ColocationState.Initial, (s, e) => s.Apply(e), decide, cancellationToken);
}
