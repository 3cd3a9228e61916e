using System.Security.Cryptography;

namespace MynaEvents.Server.Privacy;

/// <summary>
/// Reads the master key from <c>MYNA_MASTER_KEY</c> (base64 of 32 random bytes). Without it a
/// server refuses to start, except in Development, where it uses a generated key kept next
/// to the development database in <c>.data/master.key</c>.
/// </summary>
public static class MasterKeyConfiguration
{
    /// <summary>Configuration key (environment variable) holding the master key.</summary>
    public const string Variable = "MYNA_MASTER_KEY";

    /// <summary>Where Development keeps its generated master key, relative to the content root.</summary>
    public static readonly string DevelopmentKeyFile = Path.Combine(".data", "master.key");

    public static MasterKeyRing Load(IConfiguration configuration, IHostEnvironment environment, ILogger logger)
    {
        var configured = configuration[Variable];
        if (!string.IsNullOrWhiteSpace(configured)) return RingOf(Parse(configured, Variable));

        if (!environment.IsDevelopment())
            throw new InvalidOperationException(
                $"{Variable} is not set. Set it to base64 of 32 random bytes (for example `openssl rand -base64 32`), " +
                "kept outside the database and its backups. Personal data is sealed under it; losing it makes that data unreadable.");

        var path = Path.Combine(environment.ContentRootPath, DevelopmentKeyFile);
        var ring = RingOf(LoadOrCreateDevelopmentKey(path));
        logger.LogWarning(
            "{Variable} is not set; using the development master key in {Path}. Deleting that file makes personal data sealed under it unreadable. Never run like this outside development.",
            Variable, path);
        return ring;
    }

    /// <summary>Decodes a master key; the message names the source, never the value.</summary>
    internal static byte[] Parse(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{source} must be base64 of {MasterKeyRing.KeySize} random bytes; it is not valid base64.");
        }
        if (key.Length == MasterKeyRing.KeySize) return key;
        CryptographicOperations.ZeroMemory(key);
        throw new InvalidOperationException($"{source} must be base64 of exactly {MasterKeyRing.KeySize} bytes; it decodes to {key.Length} bytes.");
    }

    /// <summary>Reads the development key file, creating it (owner read/write only) on first use.</summary>
    internal static byte[] LoadOrCreateDevelopmentKey(string path)
    {
        if (!File.Exists(path)) Create(path);
        return Parse(File.ReadAllText(path), path);
    }

    private static MasterKeyRing RingOf(byte[] key)
    {
        try
        {
            return new MasterKeyRing(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var key = RandomNumberGenerator.GetBytes(MasterKeyRing.KeySize);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var writer = new StreamWriter(new FileStream(temporary, options)))
                writer.Write(Convert.ToBase64String(key));
            // Several processes can start at once (two servers, parallel tests). The finished
            // file is published by a move that never overwrites, so all of them end up with the
            // first key written and nobody reads a half-written file.
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            File.Delete(temporary);
        }
    }
}
