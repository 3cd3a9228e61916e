using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MynaEvents.Edge.ServerApi;

/// <summary>
/// The command ids of activations that have been sent but not yet answered, one per code, kept
/// in <c>pending-activation.json</c> in the data directory before the first send. Whoever
/// activates with the same code again (a retry, or the next <c>activate</c> after a crash or a
/// lost answer) sends the same id, so the server answers with the credential it already issued.
/// A mistyped code in between does not cost the right code its id. The codes themselves are
/// not kept, only a SHA-256 of each to tell whether a typed code is the same one.
/// </summary>
public sealed class PendingActivation
{
    public const string FileName = "pending-activation.json";

    public PendingActivation(string dataDirectory) => FilePath = Path.Combine(PrivateFiles.EnsureDirectory(dataDirectory), FileName);

    public string FilePath { get; }

    /// <summary>
    /// The command id for activating with <paramref name="activationCode"/>: the kept one if this
    /// code was sent before, else a new one, written to disk before this returns.
    /// </summary>
    public async Task<Guid> CommandIdForAsync(string activationCode, CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint(activationCode);
        var kept = await ReadAsync(cancellationToken);
        if (kept.FirstOrDefault(r => r.CodeSha256 == fingerprint) is { } earlier)
            return earlier.CommandId;
        var commandId = Guid.CreateVersion7();
        await WriteAsync([.. kept, new Record(commandId, fingerprint)], cancellationToken);
        return commandId;
    }

    /// <summary>The server refused this code for good: its id will never be answered.</summary>
    public async Task ForgetAsync(string activationCode, CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint(activationCode);
        var kept = await ReadAsync(cancellationToken);
        if (kept.Count == 0) return;
        var left = kept.Where(r => r.CodeSha256 != fingerprint).ToList();
        if (left.Count == 0) Clear();
        else await WriteAsync(left, cancellationToken);
    }

    /// <summary>The device is activated: nothing is pending any more, whichever codes were tried.</summary>
    public void Clear() => File.Delete(FilePath);

    private Task WriteAsync(List<Record> records, CancellationToken cancellationToken) =>
        PrivateFiles.WriteAtomicallyAsync(FilePath, JsonSerializer.SerializeToUtf8Bytes(records, ServerJson.Options), cancellationToken);

    private async Task<List<Record>> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath)) return [];
        try
        {
            await using var stream = File.OpenRead(FilePath);
            return await JsonSerializer.DeserializeAsync<List<Record>>(stream, ServerJson.Options, cancellationToken) ?? [];
        }
        catch (JsonException)
        {
            // A torn or foreign file: start new activations rather than fail them.
            return [];
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
