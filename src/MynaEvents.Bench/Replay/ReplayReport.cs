using System.Globalization;
using System.Text;

namespace MynaEvents.Bench.Replay;

/// <summary>The replay benchmark's section of docs/benchmarks.md.</summary>
internal static class ReplayReport
{
    public static string Render(ReplayResult r)
    {
        var ic = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine("### Rebuild of the facility view (facility_checks)");
        s.AppendLine();
        s.AppendLine(ic, $"The server's own `facility_checks` projection (resolved from the server's DI, not started), rebuilt alone by Marten's");
        s.AppendLine(ic, $"daemon (`RebuildProjectionAsync` in a store configured as the server's) over {r.Seed.Events:N0} pre-written verification events: {r.Seed.Checks:N0} checks of 4 events");
        s.AppendLine("(CardRead, IdentityVerified, EligibilityLookupFailed, EligibilityConfirmed with personal data sealed under the check's own");
        s.AppendLine("data key) at 8 facilities of one tenant, half of them under a co-location declaration in force (two view rows per check),");
        s.AppendLine(ic, $"in {(r.Seed.Checks + ReplaySeeder.ChecksPerTransaction - 1) / ReplaySeeder.ChecksPerTransaction} transactions; about {r.Seed.PayloadBytes} bytes of JSON per event; batch {r.BatchSize:N0} events. The raw side reads");
        s.AppendLine("the same events by seq_id, deserialises them with the server's registry and COPYs one row per event with the");
        s.AppendLine("columns it sets: no unsealing, no directory look-up, no update. Runs: raw, projection, projection profiled, raw.");
        s.AppendLine();
        s.AppendLine("| side | events | runs (s) | events/s |");
        s.AppendLine("| ---- | -----: | -------- | -------: |");
        s.AppendLine(ic, $"| raw read + COPY | {r.Seed.Events:N0} | {string.Join(", ", r.Raw.Select(t => t.TotalSeconds.ToString("F2", ic)))} | {r.RawEventsPerSecond:N0} |");
        s.AppendLine(ic, $"| facility_checks (daemon) | {r.Seed.Events:N0} | {string.Join(", ", r.Projection.Select(t => t.TotalSeconds.ToString("F2", ic)))} | {r.ProjectionEventsPerSecond:N0} |");
        s.AppendLine();
        var verdict = r.ProjectionEventsPerSecond >= ReplayBenchmark.TargetEventsPerSecond ? "**met**." : "**BELOW**.";
        s.AppendLine(ic, $"projection/raw: **{r.Ratio:F2}**. Target: {ReplayBenchmark.TargetEventsPerSecond:N0} events/s: {verdict}");
        s.AppendLine(ic, $"Inside the projection's ApplyAsync: {r.ProjectionInApply.TotalSeconds:F2} s of {r.Projection[0].TotalSeconds:F2} s; the rest is Marten's daemon (teardown, read, deserialise, progress, commit).");
        if (r.Profile is { } p)
        {
            s.AppendLine();
            s.AppendLine(ic, $"Profiled run (Npgsql tracing on{(p.Complete ? "" : ", stopped after its budget")}): {p.Events:N0} events in {p.Elapsed.TotalSeconds:F2} s, {p.InApply.TotalSeconds:F2} s inside ApplyAsync over {p.Batches} batches. Client-observed SQL time by kind:");
            s.AppendLine();
            s.AppendLine("| SQL | commands | total s | ms each | per event |");
            s.AppendLine("| --- | -------: | ------: | ------: | --------: |");
            foreach (var (kind, count, time) in p.Sql)
                s.AppendLine(ic, $"| {kind} | {count:N0} | {time.TotalSeconds:F2} | {time.TotalMilliseconds / count:F3} | {time.TotalMilliseconds * 1000 / Math.Max(1, p.Events):F1} µs |");
        }
        return s.ToString();
    }
}
