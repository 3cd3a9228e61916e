using JasperFx;
using IProjectionDaemon = JasperFx.Events.Daemon.IProjectionDaemon;
using Marten.Events.Daemon.Coordination;
using Wolverine.Runtime.Agents;

namespace MynaEvents.Server.Storage.Projections;

/// <summary>
/// The async daemon of this process, as Wolverine distributes the projections: a node that runs
/// no projection of the main database has no daemon at all (Wolverine's coordinator throws).
/// </summary>
internal static class LocalDaemon
{
    /// <summary>This process's daemon, or null while Wolverine runs none of the projections here.</summary>
    public static IProjectionDaemon? Find(IProjectionCoordinator coordinator)
    {
        try
        {
            return coordinator.DaemonForMainDatabase();
        }
        catch (DaemonNotRunningOnThisNodeException)
        {
            return null;
        }
    }

    /// <summary>Whether this process runs the projection now (its daemon, and its shard's agent running).</summary>
    public static bool Runs(this IProjectionCoordinator coordinator, string projection) =>
        Find(coordinator)?.StatusFor(ProjectionAdmin.ShardOf(projection)) == AgentStatus.Running;
}
