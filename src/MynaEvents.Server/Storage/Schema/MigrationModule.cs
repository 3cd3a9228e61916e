using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace MynaEvents.Server.Storage.Schema;

/// <summary>
/// A numbered series of migrations owned by one part of the product (storage, security, ...). Each module counts its versions from 1 on its own.
/// </summary>
public sealed record MigrationModule(string Name, IReadOnlyList<Migration> Migrations)
{
    /// <summary>The tables kept beside Marten's event store (command results, rebuild requests): always migrated first.</summary>
    public static MigrationModule Storage { get; } = FromAssembly("storage", typeof(MigrationModule).Assembly, "Storage/Migrations/");

    public int LatestVersion => Migrations[^1].Version;

    /// <summary>
    /// Reads embedded resources named "Migrations/NNNN_name.sql" from an assembly. Numbers
    /// must run 1..n without gaps.
    /// </summary>
    public static MigrationModule FromAssembly(string name, Assembly assembly, string resourcePrefix = "Migrations/")
    {
        // Resource names built from folders carry the OS's separator; compare with '/'.
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.Replace('\\', '/').StartsWith(resourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(resource =>
            {
                var fileName = resource[resourcePrefix.Length..];
                var version = int.Parse(fileName.AsSpan(0, fileName.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var reader = new StreamReader(stream);
                var sql = reader.ReadToEnd().ReplaceLineEndings("\n");
                var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
                return new Migration(version, Path.GetFileNameWithoutExtension(fileName), sql, checksum);
            })
            .OrderBy(m => m.Version)
            .ToList();
        if (migrations.Count == 0)
            throw new InvalidOperationException($"Migration module '{name}' has no embedded '{resourcePrefix}*.sql' resources.");
        for (var i = 0; i < migrations.Count; i++)
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"Migrations of module '{name}' must be numbered 1..n without gaps; found {migrations[i].Name} at place {i + 1}.");
        return new MigrationModule(name, migrations);
    }
}

public sealed record Migration(int Version, string Name, string Sql, string Checksum);
