using System.Text.Json;

namespace MynaEvents.Edge.ServerApi;

/// <summary>
/// Keeps the device credential in <c>device-credential.json</c> in the edge's data directory.
/// The file is replaced atomically and is readable only by the edge's user (0600 on Unix; on
/// Windows the data directory lives in the user's profile, whose ACL keeps other users out).
/// The token is read from here when a command is sent and is never printed.
/// </summary>
public sealed class DeviceCredentialStore
{
    public const string FileName = "device-credential.json";

    public DeviceCredentialStore(string dataDirectory) => FilePath = Path.Combine(PrivateFiles.EnsureDirectory(dataDirectory), FileName);

    public string FilePath { get; }

    public async Task SaveAsync(DeviceCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var json = JsonSerializer.SerializeToUtf8Bytes(credential, ServerJson.Options);
        await PrivateFiles.WriteAtomicallyAsync(FilePath, json, cancellationToken);
    }

    /// <summary>The stored credential, or null when this device was never activated.</summary>
    public async Task<DeviceCredential?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath)) return null;
        PrivateFiles.EnsureFile(FilePath);
        await using var stream = File.OpenRead(FilePath);
        DeviceCredential? credential;
        try
        {
            credential = await JsonSerializer.DeserializeAsync<DeviceCredential>(stream, ServerJson.Options, cancellationToken);
        }
        catch (JsonException e)
        {
            // The message names the file, not its content.
            throw new InvalidDataException($"{FilePath} is not a device credential; activate the device again.", e);
        }
        if (credential is null || string.IsNullOrEmpty(credential.Token) || string.IsNullOrEmpty(credential.TenantId) || string.IsNullOrEmpty(credential.DeviceId))
            throw new InvalidDataException($"{FilePath} is missing fields of the device credential; activate the device again.");
        return credential;
    }

    /// <summary>Forgets the credential (the device was retired or is being re-activated).</summary>
    public void Delete() => File.Delete(FilePath);
}
