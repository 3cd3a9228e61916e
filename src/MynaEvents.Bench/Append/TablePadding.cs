namespace MynaEvents.Bench.Append;

/// <summary>Row counts of the baseline's tables and the store's, taken before a concurrency level or at the end.</summary>
internal sealed record TableSizes(string Label, long BaselineEvents, long StoreEvents, long BaselineStreams, long StoreStreams);

/// <summary>
/// Keeps the baseline's tables and the store's equally large. The store's tables receive two
/// variants' events per level (store and store+cmd), the baseline's only one, and either side
/// may be the faster; without padding one side would insert into ever smaller indexes than
/// the other and win for that reason alone. Nothing is ever truncated between levels: growing
/// tables are realistic.
/// </summary>
internal static class TablePadding
{
    /// <summary>Padding rows use their own tenant so they never collide with a writer's stream.</summary>
    public const string Tenant = "pad";

    public static async Task<TableSizes> MeasureAsync(BenchDatabase database, string label, CancellationToken ct)
    {
        async Task<long> Count(string table) => await database.ScalarAsync<long>($"select count(*) from {table}", ct);
        return new TableSizes(label,
            await Count("bench.events"), await Count("myna.events"),
            await Count("bench.streams"), await Count("myna.streams"));
    }

    /// <summary>
    /// Tops up whichever side wrote fewer rows, by copying the other side's newest rows under
    /// the padding tenant, until the counts match. The newest rows all belong to streams of the
    /// level just run, whose names are unique to it, so copies never collide.
    /// </summary>
    public static async Task EqualizeAsync(BenchDatabase database, CancellationToken ct)
    {
        await database.ExecuteAsync(TopUp(from: "myna", to: "bench"), ct);
        await database.ExecuteAsync(TopUp(from: "bench", to: "myna"), ct);
    }

    private static string TopUp(string from, string to) => $"""
        insert into {to}.events (tenant_id, stream_id, version, event_type, data, command_id,
                                 correlation_id, causation_id, device_id, actor, occurred_at, recorded_at)
        select '{Tenant}', stream_id, version, event_type, data, command_id,
               correlation_id, causation_id, device_id, actor, occurred_at, recorded_at
          from {from}.events
         order by seq desc
         limit greatest(0, (select count(*) from {from}.events) - (select count(*) from {to}.events));

        insert into {to}.streams (tenant_id, stream_id, stream_type, version, created_at, updated_at)
        select '{Tenant}', stream_id, stream_type, version, created_at, updated_at
          from {from}.streams s
         where s.tenant_id <> '{Tenant}'
           and not exists (select from {to}.streams t where t.tenant_id = '{Tenant}' and t.stream_id = s.stream_id)
         order by created_at desc
         limit greatest(0, (select count(*) from {from}.streams) - (select count(*) from {to}.streams));
        """;
}
