using System.Text.Json;
using MynaEvents.Edge.ServerApi;

namespace MynaEvents.Edge.Queue;

/// <summary>
/// Sends the queue's pending commands to the server strictly in queue order. A command is
/// deleted only after the server answered it; if the edge dies between the answer and the
/// delete, the next run sends it again under the same command id and the server answers as
/// before, writing nothing. Run one deliverer per queue at a time.
/// </summary>
public sealed class QueueDeliverer(OfflineQueue queue)
{
    /// <summary>How many pending commands are read from the queue at once.</summary>
    public const int BatchSize = 50;

    /// <summary>
    /// Delivers until the queue is empty or the server cannot be reached. A refused command is
    /// kept as refused together with the later commands of its check (they build on it), and
    /// delivery goes on with the next check.
    /// </summary>
    public async Task<DeliveryReport> DeliverAsync(MynaServerClient server, DeviceCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(credential);
        var latest = new Dictionary<string, VerificationResponse>(StringComparer.Ordinal);
        int delivered = 0, refused = 0;
        (DeliveryStop Stop, string? Reason) end = (DeliveryStop.QueueEmpty, null);

        while (end.Stop == DeliveryStop.QueueEmpty)
        {
            var batch = await queue.PeekPendingAsync(BatchSize, cancellationToken);
            if (batch.Count == 0) break;
            // Checks refused during this batch: their later items are already marked refused in the file.
            var refusedChecks = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in batch)
            {
                if (refusedChecks.Contains(item.VerificationId)) continue;
                try
                {
                    var answer = await SendAsync(server, credential, item, cancellationToken);
                    await queue.MarkDeliveredAsync(item.Seq, cancellationToken);
                    delivered++;
                    latest[item.VerificationId] = answer;
                }
                catch (ServerUnreachableException e)
                {
                    await queue.RecordFailedAttemptAsync(item.Seq, e.Message, cancellationToken);
                    end = (DeliveryStop.ServerUnreachable, e.Message);
                    break;
                }
                catch (ServerRefusedException e) when (e.CredentialRefused)
                {
                    await queue.RecordFailedAttemptAsync(item.Seq, Reason(e), cancellationToken);
                    end = (DeliveryStop.CredentialRefused, Reason(e));
                    break;
                }
                catch (ServerRefusedException e)
                {
                    refused += await queue.MarkRefusedWithRestOfVerificationAsync(item.Seq, Reason(e), cancellationToken);
                    refusedChecks.Add(item.VerificationId);
                }
                catch (UnreadablePayloadException e)
                {
                    refused += await queue.MarkRefusedWithRestOfVerificationAsync(item.Seq, e.Message, cancellationToken);
                    refusedChecks.Add(item.VerificationId);
                }
            }
        }

        var pending = await queue.CountPendingAsync(cancellationToken);
        return new DeliveryReport(delivered, refused, pending, end.Stop, end.Reason, latest);
    }

    private static Task<VerificationResponse> SendAsync(MynaServerClient server, DeviceCredential credential, QueuedCommand item, CancellationToken cancellationToken) =>
        item.Kind switch
        {
            QueuedCommandKind.CardRead => server.CardReadAsync(credential, item.VerificationId, Read<CardReadRequest>(item), cancellationToken),
            QueuedCommandKind.Identity => server.IdentityAsync(credential, item.VerificationId, Read<IdentityRequest>(item), cancellationToken),
            QueuedCommandKind.Lookup => server.LookupAsync(credential, item.VerificationId, Read<LookupRequest>(item), cancellationToken),
            _ => throw new UnreadablePayloadException($"queued command {item.Seq} has an unknown kind"),
        };

    private static T Read<T>(QueuedCommand item) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(item.Payload, ServerJson.Options)
                ?? throw new UnreadablePayloadException($"queued command {item.Seq} has an empty request");
        }
        catch (JsonException e)
        {
            throw new UnreadablePayloadException($"queued command {item.Seq}: its request could not be read ({e.GetType().Name})", e);
        }
    }

    /// <summary>The server's reason, kept with the refused command for the screen: status, title and the rule (no personal data).</summary>
    private static string Reason(ServerRefusedException e) => $"HTTP {e.Status} {e.Title}: {e.Detail}";

    private sealed class UnreadablePayloadException : Exception
    {
        public UnreadablePayloadException()
        {
        }

        public UnreadablePayloadException(string message) : base(message)
        {
        }

        public UnreadablePayloadException(string message, Exception innerException) : base(message, innerException)
        {
        }
    }
}
