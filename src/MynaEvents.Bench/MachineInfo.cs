using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Npgsql;

namespace MynaEvents.Bench;

/// <summary>
/// What the figures were measured on. Throughput on a 2-core machine where client and server
/// share the CPU says little without the core count, and fsync/synchronous_commit decide
/// whether single-writer latency is disk-bound.
/// </summary>
internal sealed record MachineInfo(
    int Cores,
    string Memory,
    string Runtime,
    string Gc,
    string Npgsql,
    string PostgresVersion,
    IReadOnlyList<(string Name, string Value)> Settings)
{
    private static readonly string[] SettingNames =
        ["synchronous_commit", "fsync", "shared_buffers", "wal_level", "max_wal_size", "max_connections"];

    public static async Task<MachineInfo> ReadAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var version = dataSource.CreateCommand("select version()");
        var postgres = (string)(await version.ExecuteScalarAsync(ct))!;

        var settings = new List<(string, string)>();
        foreach (var name in SettingNames)
        {
            await using var show = dataSource.CreateCommand("select current_setting($1)");
            show.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            settings.Add((name, (string)(await show.ExecuteScalarAsync(ct))!));
        }

        return new MachineInfo(
            Environment.ProcessorCount,
            ReadTotalMemory(),
            RuntimeInformation.FrameworkDescription,
            GCSettings.IsServerGC ? "server" : "workstation",
            DescribeNpgsql(dataSource.ConnectionString),
            postgres,
            settings);
    }

    public IEnumerable<string> Lines()
    {
        yield return string.Create(CultureInfo.InvariantCulture, $"- cores: {Cores} (client and server on the same machine)");
        yield return $"- memory: {Memory}";
        yield return $"- runtime: {Runtime}, {Gc} GC";
        yield return $"- Npgsql: {Npgsql}";
        yield return $"- PostgreSQL: {PostgresVersion}";
        yield return "- settings: " + string.Join(", ", Settings.Select(s => $"{s.Name}={s.Value}"));
    }

    /// <summary>
    /// The pool settings that change what every statement costs the server: resetting a pooled
    /// connection (DISCARD ALL) also discards cached plans, and auto-prepare keeps them.
    /// </summary>
    private static string DescribeNpgsql(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var version = typeof(NpgsqlConnection).Assembly.GetName().Version?.ToString(3) ?? "?";
        return string.Create(CultureInfo.InvariantCulture,
            $"{version}, pooling {(settings.Pooling ? "on" : "off")} (max {settings.MaxPoolSize}), reset on close {(settings.NoResetOnClose ? "off" : "on")}, auto-prepare {(settings.MaxAutoPrepare > 0 ? settings.MaxAutoPrepare.ToString(CultureInfo.InvariantCulture) : "off")}");
    }

    /// <summary>MemTotal from /proc/meminfo, in GiB; "unknown" where there is no /proc (not Linux).</summary>
    private static string ReadTotalMemory()
    {
        const string path = "/proc/meminfo";
        if (!File.Exists(path)) return "unknown";
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: >= 2 } || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var kib)) return "unknown";
        return string.Create(CultureInfo.InvariantCulture, $"{kib / 1024.0 / 1024.0:F1} GiB");
    }
}
