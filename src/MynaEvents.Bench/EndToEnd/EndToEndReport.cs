using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MynaEvents.Bench.EndToEnd;

/// <summary>The end-to-end figures as Markdown for docs/benchmarks.md, and one console line per level while it runs.</summary>
internal static partial class EndToEndReport
{
    private const double TargetRatio = 0.10;
    private const double TargetCommandP99Ms = 100;
    private const int TargetClients = 32;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Summary(EndToEndLevel l) => string.Create(C,
        $"end to end, {l.Clients} clients: {CommandsPerSecond(l):F0} commands/s, p99 {P(l.CommandMs, 99):F1} ms; raw inserts {l.Baseline.PerSecond:F0} tx/s; " +
        $"ratio {Ratio(l):F3}; other processes {l.OtherCpuMs / l.CpuWindow.TotalMilliseconds:F2} cores; failures {l.Failures}{(l.FirstFailure is { } f ? $" (first: {f})" : "")}");

    public static string Render(IReadOnlyList<EndToEndLevel> levels, TimeSpan duration)
    {
        var text = new StringBuilder();
        text.AppendLine("### Reception end to end (HTTP, 目視 checks)");
        text.AppendLine();
        text.AppendLine(C, $"N lean HTTP clients (one keep-alive connection each) against a Release server process, each running complete 目視 checks in a loop:");
        text.AppendLine("card read (device credential, card certificate DER), identity (mode visual), eligibility lookup (the simulator, a process of its own);");
        text.AppendLine(C, $"every command with a fresh command id. {duration.TotalSeconds:F0} s per level after a warm-up. Latency is the client's, from request to the whole answer read.");
        text.AppendLine("Statements: pg_stat_statements (top-level; BEGIN/COMMIT/ROLLBACK are counted as transactions, not statements) and transactions: pg_stat_database xact_commit + xact_rollback, both for");
        text.AppendLine(C, $"the server's database over the window plus {2} s for asynchronous projections to catch up; CPU from /proc (server process; every process of the");
        text.AppendLine("PostgreSQL cluster; the load client's own process over the window only); other processes' CPU: the machine's busy time");
        text.AppendLine("(/proc/stat) minus those, in cores: what else ran on the machine meanwhile. Baseline, same N and duration, right after: " + RawInsertBaseline.Description + ".");
        text.AppendLine();
        text.AppendLine("| clients | checks/s | commands/s | command p50 / p99 ms | check p50 / p99 ms | SQL statements / command | transactions / command | server CPU ms / command | PostgreSQL CPU ms / command | client CPU ms / command | raw insert tx/s | commands/s ÷ raw tx/s |");
        text.AppendLine("| ------: | -------: | ---------: | -------------------: | -----------------: | -----------------------: | ---------------------: | ----------------------: | --------------------------: | ----------------------: | --------------: | -------------------: |");
        foreach (var l in levels)
        {
            double Per(double total) => total / l.Commands;
            var statements = l.Statements is { } s ? Per(s).ToString("F1", C) : "n/a";
            text.AppendLine(C,
                $"| {l.Clients} | {l.Checks / l.Elapsed.TotalSeconds:F0} | {CommandsPerSecond(l):F0} | {P(l.CommandMs, 50):F1} / {P(l.CommandMs, 99):F1} | {P(l.CheckMs, 50):F1} / {P(l.CheckMs, 99):F1} | " +
                $"{statements} | {Per(l.Transactions):F2} | {Per(l.ServerCpuMs):F2} | {Per(l.PostgresCpuMs):F2} | {Per(l.ClientCpuMs):F2} | {l.Baseline.PerSecond:F0} | **{Ratio(l):F3}** |");
        }
        text.AppendLine();
        text.AppendLine("| clients | card-read p50 / p99 ms | identity p50 / p99 ms | lookup p50 / p99 ms | raw insert p50 / p99 ms | simulator CPU ms / check | other processes' CPU, cores | failed commands |");
        text.AppendLine("| ------: | ---------------------: | -------------------: | -----------------: | ----------------------: | -----------------------: | --------------------------: | --------------: |");
        foreach (var l in levels)
        {
            var kinds = string.Join(" | ", l.ByKindMs.Select(k => string.Create(C, $"{P(k, 50):F1} / {P(k, 99):F1}")));
            text.AppendLine(C, $"| {l.Clients} | {kinds} | {P(l.Baseline.LatenciesMs, 50):F1} / {P(l.Baseline.LatenciesMs, 99):F1} | {l.SimulatorCpuMs / l.Checks:F2} | {l.OtherCpuMs / l.CpuWindow.TotalMilliseconds:F2} | {l.Failures} |");
        }

        if (levels.OrderByDescending(l => l.Clients).FirstOrDefault(l => l.TopStatements.Count > 0) is { } top)
        {
            text.AppendLine();
            text.AppendLine(C, $"Statements per command at {top.Clients} clients (pg_stat_statements, the ten most called):");
            text.AppendLine();
            text.AppendLine("| per command | statement |");
            text.AppendLine("| ----------: | --------- |");
            foreach (var (calls, query) in top.TopStatements.Take(10))
                text.AppendLine(C, $"| {(double)calls / top.Commands:F2} | `{Shorten(query)}` |");
        }

        text.AppendLine();
        if (levels.FirstOrDefault(l => l.Clients == TargetClients) is { } at)
        {
            var ratioMet = Ratio(at) >= TargetRatio;
            var p99Met = P(at.CommandMs, 99) <= TargetCommandP99Ms;
            text.AppendLine(C, $"Targets at {TargetClients} clients: commands/s ÷ raw insert tx/s ≥ {TargetRatio:F2}: {Ratio(at):F3}, **{(ratioMet ? "MET" : "NOT MET")}**; " +
                $"p99 per command ≤ {TargetCommandP99Ms:F0} ms: {P(at.CommandMs, 99):F1} ms, **{(p99Met ? "MET" : "NOT MET")}**.");
        }
        else
        {
            text.AppendLine(C, $"Targets (at {TargetClients} clients, not run here): commands/s ÷ raw insert tx/s ≥ {TargetRatio:F2}, p99 per command ≤ {TargetCommandP99Ms:F0} ms.");
        }
        return text.ToString();
    }

    private static double CommandsPerSecond(EndToEndLevel l) => l.Commands / l.Elapsed.TotalSeconds;

    private static double Ratio(EndToEndLevel l) => CommandsPerSecond(l) / l.Baseline.PerSecond;

    private static double P(double[] sorted, double percent) => Percentiles.Of(sorted, percent);

    private static string Shorten(string query)
    {
        var flat = Whitespace().Replace(query, " ").Trim().Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
        return flat.Length <= 110 ? flat : flat[..107] + "...";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
