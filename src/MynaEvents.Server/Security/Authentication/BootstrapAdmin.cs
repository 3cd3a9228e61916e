using System.Security.Cryptography;
using System.Text;

namespace MynaEvents.Server.Security.Authentication;

/// <summary>
/// The platform administrator configured by MYNA_BOOTSTRAP_ADMIN_TOKEN: the one principal
/// that exists before any group does, so that the first group administrators can be created.
/// </summary>
internal sealed class BootstrapAdmin
{
    public const string SubjectId = "bootstrap-admin";

    private readonly byte[]? _tokenHash;

    public BootstrapAdmin(SecurityOptions options) =>
        _tokenHash = options.BootstrapAdminToken is { } token ? SHA256.HashData(Encoding.UTF8.GetBytes(token)) : null;

    public static Subject Subject { get; } = new(SubjectId, MynaRoles.PlatformAdmin, TenantId: null, FacilityId: null, DeviceId: null);

    /// <summary>
    /// Compares hashes in constant time: equal lengths, and the time taken says nothing about
    /// how much of the presented token was right.
    /// </summary>
    public bool Matches(string presented) =>
        _tokenHash is not null && CryptographicOperations.FixedTimeEquals(_tokenHash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
