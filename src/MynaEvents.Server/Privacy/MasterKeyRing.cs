using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace MynaEvents.Server.Privacy;

/// <summary>
/// The master keys (key-encryption keys, KEK) that wrap the per-verification data keys. New
/// data keys are wrapped under <see cref="CurrentId"/>; retired master keys only unwrap, so
/// the master key can rotate: a later job re-wraps old rows, then the retired key is dropped.
/// The master key lives in configuration (<c>MYNA_MASTER_KEY</c>), never in the database, so a
/// database dump alone decrypts nothing.
/// </summary>
public sealed class MasterKeyRing : IDisposable
{
    /// <summary>Master keys are 256-bit AES keys.</summary>
    public const int KeySize = 32;

    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    /// <param name="current">The master key that wraps new data keys (copied; the caller may clear its array).</param>
    /// <param name="retired">Earlier master keys still needed to unwrap rows not re-wrapped yet.</param>
    public MasterKeyRing(ReadOnlySpan<byte> current, IEnumerable<byte[]>? retired = null)
    {
        CurrentId = Add(current);
        foreach (var key in retired ?? []) Add(key);
    }

    /// <summary>The id stored with every data key wrapped under the current master key.</summary>
    public string CurrentId { get; }

    internal ReadOnlySpan<byte> Current => _keys[CurrentId];

    internal bool TryGet(string id, [NotNullWhen(true)] out byte[]? key) => _keys.TryGetValue(id, out key);

    /// <summary>Every master key of the ring, the current one first.</summary>
    internal IEnumerable<byte[]> NewestFirst => _keys.OrderBy(k => k.Key == CurrentId ? 0 : 1).Select(k => k.Value);

    /// <summary>
    /// A key check value: it names a master key without revealing it (an HMAC under the key
    /// itself, truncated to 64 bits), so rows can say which key wrapped them and a server
    /// started with the wrong key can say so instead of failing obscurely.
    /// </summary>
    public static string IdOf(ReadOnlySpan<byte> key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, "myna master key id v1"u8)[..8]);

    public void Dispose()
    {
        foreach (var key in _keys.Values) CryptographicOperations.ZeroMemory(key);
        _keys.Clear();
    }

    private string Add(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
            throw new ArgumentException($"A master key must be {KeySize} bytes; this one has {key.Length}.", nameof(key));
        var id = IdOf(key);
        _keys.TryAdd(id, key.ToArray());
        return id;
    }
}
