namespace MynaEvents.VirtualCard;

/// <summary>
/// Writes key material so that only the owner can read it: directories 0700 and files 0600
/// on Unix. A file is written beside its target and renamed over it, so a crash never leaves
/// a half-written key, and an existing file with looser permissions is replaced, not reused.
/// </summary>
internal static class PrivateFiles
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;

    public static void EnsureDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(directory);
        else
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
    }

    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnlyFile;
        try
        {
            using (var stream = new FileStream(temporary, options))
                stream.Write(content);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public static void Write(string path, string text) => Write(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>A private key as PKCS#8 DER (unencrypted: test keys only), its exported bytes wiped after writing.</summary>
    public static void WriteKey(string path, System.Security.Cryptography.RSA key)
    {
        var bytes = key.ExportPkcs8PrivateKey();
        try
        {
            Write(path, bytes);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
