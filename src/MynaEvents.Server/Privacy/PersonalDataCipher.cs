using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace MynaEvents.Server.Privacy;

/// <summary>
/// The AES-GCM operations behind sealing, free of storage: wrapping a data key under a master
/// key, and sealing personal data under a data key. Both bind their ciphertext to where it
/// belongs through the associated data, so a ciphertext copied to another verification, or a
/// wrapped key copied to another row, fails authentication instead of decrypting.
/// </summary>
internal static class PersonalDataCipher
{
    public const int DataKeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int WrappedKeySize = NonceSize + DataKeySize + TagSize;

    // Distinct labels keep the two uses apart: a wrapped key can never pass as sealed data.
    private const string KeyPurpose = "myna/data-key/v1";
    private const string DataPurpose = "myna/personal-data/v1";

    public static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(DataKeySize);

    public static byte[] WrapKey(ReadOnlySpan<byte> masterKey, string masterKeyId, string tenantId, string verificationId, Guid keyId, ReadOnlySpan<byte> dataKey)
    {
        var wrappingKey = WrappingKey(masterKey, keyId);
        try
        {
            return Encrypt(wrappingKey, dataKey, KeyAssociatedData(masterKeyId, tenantId, verificationId, keyId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrappingKey);
        }
    }

    /// <exception cref="AuthenticationTagMismatchException">Wrong master key, or the row was altered or moved.</exception>
    public static byte[] UnwrapKey(ReadOnlySpan<byte> masterKey, string masterKeyId, string tenantId, string verificationId, Guid keyId, ReadOnlySpan<byte> wrapped)
    {
        if (wrapped.Length != WrappedKeySize) throw new AuthenticationTagMismatchException();
        var wrappingKey = WrappingKey(masterKey, keyId);
        try
        {
            return Decrypt(wrappingKey, wrapped, KeyAssociatedData(masterKeyId, tenantId, verificationId, keyId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrappingKey);
        }
    }

    /// <summary>Base64 of nonce ‖ ciphertext ‖ tag.</summary>
    public static string Seal(ReadOnlySpan<byte> dataKey, string tenantId, string verificationId, Guid keyId, ReadOnlySpan<byte> plaintext) =>
        Convert.ToBase64String(Encrypt(dataKey, plaintext, DataAssociatedData(tenantId, verificationId, keyId)));

    /// <exception cref="AuthenticationTagMismatchException">Not sealed for this verification under this key, or altered.</exception>
    public static byte[] Open(ReadOnlySpan<byte> dataKey, string tenantId, string verificationId, Guid keyId, string sealedBase64)
    {
        var blob = new byte[sealedBase64.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(sealedBase64, blob, out var length) || length < NonceSize + TagSize)
            throw new AuthenticationTagMismatchException();
        return Decrypt(dataKey, blob.AsSpan(0, length), DataAssociatedData(tenantId, verificationId, keyId));
    }

    /// <summary>
    /// The master key never encrypts directly: each data key is wrapped under a key derived
    /// for its own key id and used once. One master key may wrap billions of keys over its
    /// life; this keeps it clear of AES-GCM's limit of 2^32 random nonces per key.
    /// </summary>
    private static byte[] WrappingKey(ReadOnlySpan<byte> masterKey, Guid keyId)
    {
        var wrappingKey = new byte[DataKeySize];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, wrappingKey, keyId.ToByteArray(bigEndian: true), Encoding.UTF8.GetBytes(KeyPurpose));
        return wrappingKey;
    }

    private static byte[] KeyAssociatedData(string masterKeyId, string tenantId, string verificationId, Guid keyId) =>
        AssociatedData(KeyPurpose, masterKeyId, tenantId, verificationId, keyId.ToString("D"));

    private static byte[] DataAssociatedData(string tenantId, string verificationId, Guid keyId) =>
        AssociatedData(DataPurpose, tenantId, verificationId, keyId.ToString("D"));

    private static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        // Random nonces are safe: a data key seals a handful of payloads, a wrapping key one.
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), associatedData);
        return output;
    }

    private static byte[] Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> blob, ReadOnlySpan<byte> associatedData)
    {
        var ciphertextLength = blob.Length - NonceSize - TagSize;
        var plaintext = new byte[ciphertextLength];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(blob[..NonceSize], blob.Slice(NonceSize, ciphertextLength), blob[^TagSize..], plaintext, associatedData);
        return plaintext;
    }

    /// <summary>Each field length-prefixed, so no two different field lists encode alike.</summary>
    private static byte[] AssociatedData(params ReadOnlySpan<string> fields)
    {
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields)
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }
        return buffer.ToArray();
    }
}
