using System.Diagnostics;

namespace MynaEvents.Bench.Append;

/// <summary>
/// Round trips to PostgreSQL per append of one variant, from Npgsql's own tracing (one
/// activity per command or batch sent), with what each round trip was.
/// </summary>
internal sealed record RoundTripCount(string Variant, double PerAppend, IReadOnlyList<string> Kinds)
{
    private const int Appends = 50;

    /// <summary>Appends a few events alone (after one unmeasured append) and counts what Npgsql sent.</summary>
    public static async Task<RoundTripCount> MeasureAsync(string variant, IStreamWriter writer, CancellationToken ct)
    {
        await writer.AppendNextAsync(ct);
        var texts = new List<string>();
        using (var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                var text = (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement"))?.ToString() ?? activity.DisplayName;
                lock (texts) texts.Add(text);
            },
        })
        {
            ActivitySource.AddActivityListener(listener);
            for (var i = 0; i < Appends; i++) await writer.AppendNextAsync(ct);
        }
        var kinds = texts.GroupBy(Kind)
            .Select(g => FormattableString.Invariant($"{(double)g.Count() / Appends:0.#}x {g.Key}"))
            .ToList();
        return new RoundTripCount(variant, (double)texts.Count / Appends, kinds);
    }

    /// <summary>A round trip named by its first statement's leading words; a batch by its statements' first words.</summary>
    private static string Kind(string text)
    {
        var statements = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => string.Join(' ', s.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Take(4)))
            .Where(s => s.Length > 0)
            .ToList();
        return statements.Count <= 1 ? statements.FirstOrDefault() ?? "(empty)" : $"batch of {statements.Count}: {string.Join(" + ", statements)}";
    }
}
