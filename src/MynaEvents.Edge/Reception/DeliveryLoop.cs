using Microsoft.Extensions.Logging;
using MynaEvents.Edge.Queue;
using MynaEvents.Edge.Screen;

namespace MynaEvents.Edge.Reception;

/// <summary>
/// While the reception loop waits for patients, queued checks are retried every little while
/// and, once the server answers again, the offline PIN challenge stock is topped up.
/// </summary>
public sealed class DeliveryLoop(ReceptionDesk desk, OfflineQueue queue, IReceptionDisplay display, ReceptionScreen screen, TimeSpan every, ILogger<DeliveryLoop> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (await queue.CountPendingAsync(cancellationToken) == 0) continue;
                var report = await desk.DeliverQueuedAsync(cancellationToken);
                foreach (var answer in report.Latest.Values) display.Show(screen.Verification(answer));
                if (report.Delivered > 0)
                {
                    logger.LogInformation("Delivered {Delivered} queued commands, {Pending} pending", report.Delivered, report.Pending);
                    await desk.RefillChallengesAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
