using JasperFx;
using Marten.Events.Daemon.Coordination;

namespace MynaEvents.Server.Storage.Projections;

/// <summary>
/// Carries out stored rebuild requests for the projections this process runs. Wolverine runs
/// each async projection in one process at a time (its coordinator answers for this process's
/// daemon); only that process claims the request, so a rebuild never races the projection's agent.
/// </summary>
internal sealed class RebuildRequests(ProjectionAdmin admin, IProjectionCoordinator coordinator, ILogger<RebuildRequests> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var name in await admin.PendingAsync(stoppingToken))
                    await RebuildIfRunningHereAsync(name, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed poll or rebuild is retried at the next tick; the request stays
            catch (Exception exception)
#pragma warning restore CA1031
            {
                logger.LogWarning(exception, "Rebuild requests could not be carried out; retrying");
            }
        }
    }

    private async Task RebuildIfRunningHereAsync(string name, CancellationToken ct)
    {
        if (LocalDaemon.Find(coordinator) is not { } daemon || daemon.StatusFor(ProjectionAdmin.ShardOf(name)) != AgentStatus.Running) return;
        if (await admin.ClaimAsync(name, ct) is not { } commandId) return;
        logger.LogInformation("Rebuilding projection {Projection}", name);
        await daemon.RebuildProjectionAsync(name, ct);
        // Marten leaves the rebuilt projection stopped: it goes on with live events from here.
        if (daemon.StatusFor(ProjectionAdmin.ShardOf(name)) != AgentStatus.Running)
            await daemon.StartAgentAsync(ProjectionAdmin.ShardOf(name), ct);
        await admin.FinishAsync(name, commandId, ct);
        logger.LogInformation("Projection {Projection} rebuilt", name);
    }
}
