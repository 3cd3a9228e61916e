namespace MynaEvents.Edge.ServerApi;

/// <summary>
/// The body of <c>POST /api/devices/activate</c>. The command id makes a resend after a lost
/// answer get the first answer (the same credential) instead of "code already used".
/// </summary>
internal sealed record ActivateDeviceRequest(string ActivationCode, Guid CommandId)
{
    public override string ToString() => $"ActivateDeviceRequest {{ CommandId = {CommandId}, ActivationCode = (secret) }}";
}

/// <summary>The server's answer to an activation: the credential, shown only this once.</summary>
internal sealed record DeviceActivatedResponse(string DeviceId, string FacilityId, string TenantId, string Credential)
{
    public override string ToString() => $"DeviceActivatedResponse {{ DeviceId = {DeviceId}, TenantId = {TenantId}, Credential = (secret) }}";
}

/// <summary>
/// A single-use nonce the card signs in PIN mode (暗証番号), valid until <paramref name="ExpiresAt"/>.
/// Offline ones (answerable for days) wait in the offline queue for PIN checks made while the
/// server is unreachable.
/// </summary>
/// <param name="Nonce">Base64, as the server sends it.</param>
public sealed record IssuedChallenge(Guid ChallengeId, string Nonce, DateTimeOffset ExpiresAt)
{
    /// <summary>The nonce's bytes: what the edge hashes into the DigestInfo the card signs.</summary>
    public byte[] NonceBytes() => Convert.FromBase64String(Nonce);
}

/// <summary>The body of a challenge request: its command id.</summary>
internal sealed record ChallengeRequest(Guid CommandId);

/// <summary>The server's answer to a top-up of the offline stock: the challenges newly added (none when the stock is full).</summary>
internal sealed record OfflineChallengesResponse(IReadOnlyList<IssuedChallenge> Challenges);
