using Npgsql;

namespace MynaEvents.Server.Privacy.Sweeping;

/// <summary>
/// Sweeps once when the server starts and then every interval, on every server: the lock in
/// <see cref="RetentionSweeper"/> lets one of them work and the others skip. A failed pass
/// is logged and the next interval tries again; nothing here stops the server.
/// </summary>
internal sealed class RetentionSweepSchedule(
    RetentionSweeper sweeper, RetentionSweepOptions options, TimeProvider time, ILogger<RetentionSweepSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Interval is not { } interval)
        {
            logger.LogWarning("Retention sweep schedule is off ({Variable}=0): run `sweep-retention` regularly instead", RetentionSweepOptions.IntervalVariable);
            return;
        }
        await Task.Yield(); // the server's start does not wait for the first pass
        while (!stoppingToken.IsCancellationRequested)
        {
            await SweepAsync(stoppingToken);
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        try
        {
            await sweeper.TrySweepAsync(time.GetUtcNow(), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-pass: every finished batch is committed, the rest is due next start.
        }
        catch (PostgresException exception)
        {
            // The SQLSTATE only: a server message can quote a value.
            logger.LogError("Retention sweep failed with SQLSTATE {SqlState}; retrying in the next interval", exception.SqlState);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Retention sweep failed; retrying in the next interval");
        }
    }
}
