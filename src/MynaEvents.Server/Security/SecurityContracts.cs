namespace MynaEvents.Server.Security;

/// <summary>Claim types the server issues to authenticated people and devices.</summary>
public static class MynaClaims
{
    /// <summary>The clinic group (tenant) the principal belongs to.</summary>
    public const string Tenant = "myna:tenant";
    public const string Role = "myna:role";
    /// <summary>The facility a reception staff member or a device belongs to.</summary>
    public const string Facility = "myna:facility";
    public const string Device = "myna:device";
    /// <summary>When a device was first activated (ISO 8601, UTC).</summary>
    public const string DeviceActivatedAt = "myna:device_activated_at";
    /// <summary>The person's or device's id, for actor metadata and audit.</summary>
    public const string Subject = "myna:sub";
}

public static class MynaRoles
{
    /// <summary>Operates the installation; acts as a group administrator of any group. Bootstrap only.</summary>
    public const string PlatformAdmin = "platform_admin";
    /// <summary>Administers one clinic group: facilities, devices, staff, co-location.</summary>
    public const string GroupAdmin = "group_admin";
    /// <summary>Reads one group's history, read-only.</summary>
    public const string Auditor = "auditor";
    /// <summary>Works at one facility's reception (and sees its co-located partner's shared results).</summary>
    public const string ReceptionStaff = "reception_staff";
    /// <summary>A registered card-reader device of one facility.</summary>
    public const string Device = "device";
}

/// <summary>
/// Authorization policies. Each one also requires that the principal belongs to the route's
/// {tenantId} (a platform administrator belongs to every tenant).
/// </summary>
public static class MynaPolicies
{
    /// <summary>Group administrator of the route's tenant (or platform administrator).</summary>
    public const string GroupAdmin = "group-admin";
    /// <summary>Read access to the whole tenant: auditor or administrator.</summary>
    public const string GroupReader = "group-reader";
    /// <summary>A device or reception staff member of the route's tenant; facility checked by the handler.</summary>
    public const string Reception = "reception";
    /// <summary>A device of the route's tenant.</summary>
    public const string Device = "device";

    /// <summary>
    /// Reads a facility's results: group readers for any facility of the tenant, reception staff
    /// (their own facility, narrowed by the endpoint, which knows the route's facility). Devices
    /// may not: a reader at reception runs checks, it does not browse them.
    /// </summary>
    public const string FacilityReader = "facility-reader";

    /// <summary>The platform administrator only, whatever the route: operator endpoints (raw streams, projections).</summary>
    public const string PlatformAdmin = "platform-admin";
}

/// <summary>Issues and revokes the credentials of card-reader devices.</summary>
public interface IDeviceCredentials
{
    /// <summary>
    /// The one-time activation code the command <paramref name="commandId"/> issues for a registered
    /// device (shown once, stored only as a hash). It replaces the device's unused earlier codes;
    /// the same command id gives the same code again, without replacing anything. Null when the
    /// device was retired before this command issued a code.
    /// </summary>
    Task<IssuedActivationCode?> IssueActivationCodeAsync(string tenantId, string facilityId, string deviceId, Guid commandId, CancellationToken cancellationToken);

    /// <summary>When each device of the facility was last activated (its credential in use was issued); absent when never.</summary>
    Task<IReadOnlyDictionary<string, DateTimeOffset>> ActivatedAtAsync(string tenantId, string facilityId, CancellationToken cancellationToken);

    /// <summary>Ends a device's credential and any unused activation code (the device was retired).</summary>
    Task RevokeAsync(string tenantId, string deviceId, CancellationToken cancellationToken);
}

/// <summary>Answers which facility a facility currently shares results and devices with (併設).</summary>
/// <summary>A code and when it stops working.</summary>
/// <param name="Repeated">True when the command had issued it before: nothing new was written.</param>
public sealed record IssuedActivationCode(string Code, DateTimeOffset ExpiresAt, bool Repeated = false);

/// <summary>What security needs to know of a clinic group's structure, kept by the facilities feature.</summary>
public interface IGroupDirectory
{
    /// <summary>Whether the platform administrator has created the group.</summary>
    Task<bool> GroupExistsAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Whether the group has this facility (another group's facility is unknown here).</summary>
    Task<bool> FacilityExistsAsync(string tenantId, string facilityId, CancellationToken cancellationToken);

    /// <summary>The other facility of the active co-location declaration, or null.</summary>
    Task<string?> ActivePartnerAsync(string tenantId, string facilityId, CancellationToken cancellationToken);
}

/// <summary>
/// Whether a card read may take the card's certificate: its signature verifies and, when JPKI
/// CAs are configured (MYNA_JPKI_CA_CERTS), it chains to them, whatever identity mode follows.
/// Expiry is no reason to refuse: the certificate grace is the domain's rule.
/// </summary>
public interface ICardCertificateTrust
{
    /// <summary>
    /// Null when the certificate is acceptable; otherwise why not, in words safe to log and to answer
    /// with. It takes the certificate as the card read already loaded it: loading one costs about 0.2 ms.
    /// </summary>
    string? CheckCardRead(System.Security.Cryptography.X509Certificates.X509Certificate2 card, DateTimeOffset now);
}

/// <summary>
/// Checks the card's answer to a PIN-mode (暗証番号) challenge: the challenge was issued to this
/// device, is unexpired and unused, the certificate chains to a configured JPKI CA, and the
/// signature over the challenge's nonce verifies with the certificate's key.
/// </summary>
public interface IChallengeVerifier
{
    /// <summary>
    /// Consumes the challenge and verifies the proof. A challenge answers exactly one proof from
    /// its own device: once the device presents a certificate and a signature for it, it is used,
    /// whether the proof verifies or not. Another device's attempt does not consume it.
    /// </summary>
    /// <param name="certificateDer">The card's user-authentication certificate (EF 000A), DER.</param>
    /// <param name="signature">The card's RSA PKCS#1 v1.5 signature over the DigestInfo of SHA-256(nonce).</param>
    Task<ChallengeVerification> ConsumeAsync(string tenantId, string deviceId, Guid challengeId,
        ReadOnlyMemory<byte> certificateDer, ReadOnlyMemory<byte> signature, CancellationToken cancellationToken);
}

public enum ChallengeOutcome
{
    /// <summary>The card holder proved possession of the card (and knowledge of its PIN).</summary>
    Ok,
    /// <summary>No such challenge in this tenant (never issued, or purged long after it expired).</summary>
    Unknown,
    Expired,
    AlreadyUsed,
    /// <summary>The challenge was issued to another device; it stays usable for its own device.</summary>
    WrongDevice,
    /// <summary>The signature does not verify with the certificate's key over this challenge's nonce.</summary>
    BadSignature,
    /// <summary>The certificate is malformed, not yet valid, or does not chain to a configured JPKI CA.</summary>
    UntrustedCertificate,
}

/// <summary>The outcome, and for a trusted certificate the facts about it the domain needs (never the holder's name).</summary>
public sealed record ChallengeVerification(ChallengeOutcome Outcome, CardCertificate? Certificate = null, string? Reason = null)
{
    public bool IsOk => Outcome == ChallengeOutcome.Ok;
}

/// <summary>
/// The card's user-authentication certificate (利用者証明用電子証明書). NotAfter is given, not
/// judged: eligibility may be confirmed for 3 months after the end of its month, and the domain
/// decides that.
/// </summary>
public sealed record CardCertificate(string SerialNumber, string Issuer, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Sha256Thumbprint);
