using System.Globalization;

namespace MynaEvents.Bench.EndToEnd;

/// <summary>
/// CPU time of processes read from /proc, in milliseconds: what the server and PostgreSQL spent
/// while the clients ran, whatever they are built from.
/// </summary>
internal static class ProcessCpu
{
    // USER_HZ: /proc reports times in clock ticks, 100 per second on every Linux the bench runs on.
    private const double MillisecondsPerTick = 10;

    /// <summary>utime + stime of one process, plus the times of its children it has already reaped.</summary>
    public static double OfProcess(int pid) => Read(pid) is { } stat ? stat.Own + stat.Reaped : 0;

    /// <summary>
    /// A PostgreSQL cluster: the postmaster, its live children (backends, walwriter, checkpointer…)
    /// and, through the postmaster's reaped-children times, those that exited meanwhile.
    /// </summary>
    public static double OfCluster(int postmasterPid)
    {
        var total = OfProcess(postmasterPid);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (Read(pid) is { } stat && stat.ParentPid == postmasterPid) total += stat.Own + stat.Reaped;
        }
        return total;
    }

    /// <summary>
    /// Busy time of the whole machine, all cores summed (/proc/stat: everything but idle and
    /// iowait): what else ran beside the benchmark is this minus the processes measured.
    /// </summary>
    public static double OfMachine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double Ticks(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture) * MillisecondsPerTick;
        // cpu user nice system idle iowait irq softirq steal
        return Ticks(1) + Ticks(2) + Ticks(3) + Ticks(6) + Ticks(7) + Ticks(8);
    }

    /// <summary>utime + stime of a process's threads whose name starts with <paramref name="threadNamePrefix"/> (/proc/PID/task).</summary>
    public static double OfThreads(int pid, string threadNamePrefix)
    {
        var total = 0.0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                string text;
                try
                {
                    text = File.ReadAllText(Path.Combine(task, "stat"));
                }
                catch (IOException)
                {
                    continue; // the thread ended meanwhile
                }
                var name = text[(text.IndexOf('(') + 1)..text.LastIndexOf(')')];
                if (!name.StartsWith(threadNamePrefix, StringComparison.Ordinal)) continue;
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                total += (long.Parse(fields[14 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[15 - 3], CultureInfo.InvariantCulture)) * MillisecondsPerTick;
            }
        }
        catch (DirectoryNotFoundException)
        {
            return 0;
        }
        return total;
    }

    /// <summary>The parent of a process (a backend's parent is its cluster's postmaster).</summary>
    public static int ParentOf(int pid) => Read(pid)?.ParentPid ?? throw new InvalidOperationException($"no process {pid} in /proc");

    private static (int ParentPid, double Own, double Reaped)? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // exited meanwhile
        }
        // The command name (field 2) may hold spaces and parentheses: fields start after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        double Ticks(int field) => long.Parse(fields[field - 3], CultureInfo.InvariantCulture) * MillisecondsPerTick;
        return (int.Parse(fields[4 - 3], CultureInfo.InvariantCulture), Ticks(14) + Ticks(15), Ticks(16) + Ticks(17));
    }
}
