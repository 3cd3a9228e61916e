using Npgsql;

namespace MynaEvents.Server.Privacy.Sweeping;

/// <summary>One 翌月末 retention pass, due now. Wolverine sends it on the sweep's schedule.</summary>
public sealed record SweepRetention;

/// <summary>
/// Runs a pass of <see cref="RetentionSweeper"/>. A failed pass is logged and the next occurrence
/// tries again; nothing here stops the server.
/// </summary>
public static class SweepRetentionHandler
{
    public static async Task HandleAsync(
        SweepRetention message, RetentionSweeper sweeper, TimeProvider time, ILogger<RetentionSweeper> logger, CancellationToken cancellationToken)
    {
        try
        {
            await sweeper.TrySweepAsync(time.GetUtcNow(), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down mid-pass: every finished batch is committed, the rest is due at the next occurrence.
        }
        catch (PostgresException exception)
        {
            // The SQLSTATE only: a server message can quote a value.
            logger.LogError("Retention sweep failed with SQLSTATE {SqlState}; retrying at the next occurrence", exception.SqlState);
        }
#pragma warning disable CA1031 // any failure waits for the next occurrence; the schedule goes on
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.LogError(exception, "Retention sweep failed; retrying at the next occurrence");
        }
    }
}
