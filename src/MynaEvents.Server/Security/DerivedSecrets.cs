using System.Security.Cryptography;
using System.Text;
using MynaEvents.Server.Privacy;

namespace MynaEvents.Server.Security;

/// <summary>
/// The secrets an answer carries — a person's token, a device's credential, an activation
/// code — are derived from the command that issued them instead of drawn at random:
/// HMAC-SHA256, under a key derived from the master key, over the purpose, the tenant, the
/// subject and the command id. A resend of the same command then answers with the very same
/// secret although only its hash was ever stored (ADR 0030). Nobody without the master key can
/// derive one, and another command id gives an unrelated secret.
/// </summary>
internal sealed class DerivedSecrets(MasterKeyRing masterKeys)
{
    /// <summary>The secret a command issues now, under the current master key.</summary>
    public byte[] Issue(string purpose, string tenantId, string subjectId, Guid commandId, int length) =>
        Derive(masterKeys.NewestFirst.First(), purpose, tenantId, subjectId, commandId, length);

    /// <summary>
    /// The secret the command issued the first time: the candidate under each master key of
    /// the ring (the key may have rotated since) whose hash is the stored one; null when none is.
    /// </summary>
    public byte[]? Reproduce(string purpose, string tenantId, string subjectId, Guid commandId, int length, Func<byte[], bool> isTheStoredOne) =>
        masterKeys.NewestFirst
            .Select(key => Derive(key, purpose, tenantId, subjectId, commandId, length))
            .FirstOrDefault(isTheStoredOne);

    private static byte[] Derive(byte[] masterKey, string purpose, string tenantId, string subjectId, Guid commandId, int length)
    {
        Span<byte> key = stackalloc byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, key, salt: [], info: "myna answer secrets v1"u8);
        var message = Encoding.UTF8.GetBytes($"{purpose}\0{tenantId}\0{subjectId}\0{commandId:D}");
        var mac = HMACSHA256.HashData(key, message);
        CryptographicOperations.ZeroMemory(key);
        return mac[..length];
    }
}
