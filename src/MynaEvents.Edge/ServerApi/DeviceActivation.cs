namespace MynaEvents.Edge.ServerApi;

/// <summary>
/// Activates this device so that a lost answer is never fatal. The server issues the credential
/// once per code; if its answer is lost (a timeout, a 503, a dropped connection), the
/// activation may well have happened. So the command id is made once and kept on disk
/// (<see cref="PendingActivation"/>) before the first send, the same request is sent again after
/// such a failure — a few times now, and again by the next <c>activate</c> with the same code —
/// and the first answer that arrives is taken: the server answers a resend with the credential
/// it already issued.
/// </summary>
public sealed class DeviceActivation(MynaServerClient server, string dataDirectory, IReadOnlyList<TimeSpan>? retryDelays = null)
{
    /// <summary>Pauses before the resends of one run: a server restarting or a proxy recovering gets a few seconds.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    private readonly IReadOnlyList<TimeSpan> _delays = retryDelays ?? DefaultRetryDelays;

    /// <summary>
    /// The device's credential, kept in the data directory. Throws
    /// <see cref="ServerUnreachableException"/> when no try was answered (the command id stays
    /// kept for the next run) and <see cref="ServerRefusedException"/> when the server refused the
    /// code (nothing is kept).
    /// </summary>
    public async Task<DeviceCredential> ActivateAsync(string activationCode, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activationCode);
        var pending = new PendingActivation(dataDirectory);
        var commandId = await pending.CommandIdForAsync(activationCode, cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            DeviceCredential credential;
            try
            {
                credential = await server.ActivateAsync(activationCode, commandId, cancellationToken);
            }
            catch (ServerUnreachableException) when (attempt < _delays.Count)
            {
                await Task.Delay(_delays[attempt], cancellationToken);
                continue;
            }
            catch (ServerRefusedException)
            {
                // Unknown, expired, revoked or used by another request: this id will never be answered.
                await pending.ForgetAsync(activationCode, cancellationToken);
                throw;
            }
            // The credential is on disk before the pending id goes: a crash in between resends, which is harmless.
            await new DeviceCredentialStore(dataDirectory).SaveAsync(credential, cancellationToken);
            pending.Clear();
            return credential;
        }
    }
}
