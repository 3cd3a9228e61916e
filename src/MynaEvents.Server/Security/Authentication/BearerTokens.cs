using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace MynaEvents.Server.Security.Authentication;

/// <summary>Who a bearer credential belongs to.</summary>
internal enum CredentialKind
{
    Person,
    Device,
}

/// <summary>
/// Opaque bearer tokens: a prefix that tells people and devices apart at a glance (in a
/// support ticket, in a secret scanner), then 32 random bytes in base64url. They mean
/// nothing by themselves: the server looks up their hash.
/// </summary>
internal static class BearerTokens
{
    public const string PersonPrefix = "myna_usr_";
    public const string DevicePrefix = "myna_dev_";

    private const int RandomBytes = 32;
    private static readonly int EncodedLength = Base64Url.GetEncodedLength(RandomBytes);

    public const int SecretBytes = RandomBytes;

    public static string New(CredentialKind kind) => From(kind, RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>The token whose secret part is <paramref name="secret"/> (32 bytes, e.g. from <see cref="DerivedSecrets"/>).</summary>
    public static string From(CredentialKind kind, ReadOnlySpan<byte> secret)
    {
        if (secret.Length != RandomBytes) throw new ArgumentException($"A token's secret is {RandomBytes} bytes.", nameof(secret));
        return Prefix(kind) + Base64Url.EncodeToString(secret);
    }

    /// <summary>SHA-256 of the whole token: the only form in which a token is stored.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>True when the text has the shape of a token we issue; saves a lookup for anything else.</summary>
    public static bool IsWellFormed(string token)
    {
        var prefixed = token.StartsWith(PersonPrefix, StringComparison.Ordinal) || token.StartsWith(DevicePrefix, StringComparison.Ordinal);
        return prefixed && token.Length == PersonPrefix.Length + EncodedLength && Base64Url.IsValid(token.AsSpan(PersonPrefix.Length));
    }

    public static string KindName(CredentialKind kind) => kind == CredentialKind.Person ? "person" : "device";

    private static string Prefix(CredentialKind kind) => kind == CredentialKind.Person ? PersonPrefix : DevicePrefix;
}
