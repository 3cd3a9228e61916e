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
        // Another process may have just created the file and not yet written its 44 characters.
        for (var attempt = 0; ; attempt++)
        {
            var text = File.ReadAllText(path);
            if (text.Length > 0 || attempt == 100) return Parse(text, path);
            Thread.Sleep(10);
        }
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
        var key = RandomNumberGenerator.GetBytes(MasterKeyRing.KeySize);
        try
        {
            // Several processes can start at once (two servers, parallel tests). Creating the
            // final file exclusively (O_EXCL) lets exactly one of them write it; the others
            // read that one. (A non-overwriting move is not atomic on every platform.)
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var stream = new FileStream(path, options);
            stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
            stream.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(path))
        {
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
