using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MynaEvents.Edge.ServerApi;

/// <summary>
/// The command id of an activation that has been sent but not yet answered, kept in
/// <c>pending-activation.json</c> in the data directory before the first send. Whoever activates
/// with the same code again (a retry, or the next <c>activate</c> after a crash or a lost answer)
/// sends the same id, so the server answers with the credential it already issued. The code
/// itself is not kept, only a SHA-256 of it to tell whether a typed code is the same one.
/// </summary>
public sealed class PendingActivation
{
    public const string FileName = "pending-activation.json";

    public PendingActivation(string dataDirectory) => FilePath = Path.Combine(PrivateFiles.EnsureDirectory(dataDirectory), FileName);

    public string FilePath { get; }

    /// <summary>
    /// The command id for activating with <paramref name="activationCode"/>: the kept one if it was
    /// for this code, else a new one, written to disk before this returns.
    /// </summary>
    public async Task<Guid> CommandIdForAsync(string activationCode, CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint(activationCode);
        if (await ReadAsync(cancellationToken) is { } kept && kept.CodeSha256 == fingerprint)
            return kept.CommandId;
        var commandId = Guid.CreateVersion7();
        await PrivateFiles.WriteAtomicallyAsync(FilePath, JsonSerializer.SerializeToUtf8Bytes(new Record(commandId, fingerprint), ServerJson.Options), cancellationToken);
        return commandId;
    }

    /// <summary>The activation was answered (or refused for good): nothing is pending any more.</summary>
    public void Clear() => File.Delete(FilePath);

    private async Task<Record?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath)) return null;
        try
        {
            await using var stream = File.OpenRead(FilePath);
            return await JsonSerializer.DeserializeAsync<Record>(stream, ServerJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            // A torn or foreign file: start a new activation rather than fail it.
            return null;
        }
    }

    /// <summary>
    /// The code as the server reads it (hyphens and spaces dropped, upper case, O read as 0, I and
    /// L as 1), hashed: the same code typed differently is the same activation.
    /// </summary>
    private static string Fingerprint(string activationCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activationCode);
        var normalized = new StringBuilder(activationCode.Length);
        foreach (var c in activationCode)
        {
            if (c is '-' or ' ') continue;
            normalized.Append(char.ToUpperInvariant(c) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            });
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(normalized.ToString())));
    }

    private sealed record Record(Guid CommandId, string CodeSha256);
}
