namespace MynaEvents.Bench.Append;

/// <summary>Row counts of the baseline's tables and Marten's, taken before a concurrency level or at the end.</summary>
internal sealed record TableSizes(string Label, long BaselineEvents, long StoreEvents, long BaselineStreams, long StoreStreams);

/// <summary>
/// Keeps the baseline's tables and Marten's equally large. Marten's tables receive three
/// variants' events per level, the baseline's only one, and either side may be the faster;
/// without padding one side would insert into ever smaller indexes than the other and win for
/// that reason alone. Nothing is ever truncated between levels: growing tables are realistic.
/// </summary>
internal static class TablePadding
{
    /// <summary>Padding rows use their own tenant so they never collide with a writer's stream.</summary>
    public const string Tenant = "pad";

    public static async Task<TableSizes> MeasureAsync(BenchDatabase database, string label, CancellationToken ct)
    {
        async Task<long> Count(string table) => await database.ScalarAsync<long>($"select count(*) from {table}", ct);
        return new TableSizes(label,
            await Count("bench.events"), await Count(BenchDatabase.Events),
            await Count("bench.streams"), await Count(BenchDatabase.Streams));
    }

    /// <summary>
    /// Tops up whichever side wrote fewer rows, by copying the other side's newest rows under
    /// the padding tenant, until the counts match. The newest rows all belong to streams of the
    /// level just run, whose names are unique to it, so copies never collide.
    /// </summary>
    public static async Task EqualizeAsync(BenchDatabase database, CancellationToken ct)
    {
        await database.ExecuteAsync(TopUp(fromEvents: BenchDatabase.Events, fromStreams: BenchDatabase.Streams,
            toEvents: "bench.events", toStreams: "bench.streams", toSequence: "bench.events_sequence"), ct);
        await database.ExecuteAsync(TopUp(fromEvents: "bench.events", fromStreams: "bench.streams",
            toEvents: BenchDatabase.Events, toStreams: BenchDatabase.Streams, toSequence: BenchDatabase.Sequence), ct);
    }

    // Streams first: the events' foreign key needs them.
    private static string TopUp(string fromEvents, string fromStreams, string toEvents, string toStreams, string toSequence) => $"""
        insert into {toStreams} (tenant_id, id, type, version, timestamp, created)
        select '{Tenant}', id, type, version, timestamp, created
          from {fromStreams} s
         where s.tenant_id <> '{Tenant}'
           and not exists (select from {toStreams} t where t.tenant_id = '{Tenant}' and t.id = s.id)
         order by created desc
         limit greatest(0, (select count(*) from {fromStreams}) - (select count(*) from {toStreams}));

        insert into {toStreams} (tenant_id, id, type, version, timestamp, created)
        select distinct '{Tenant}', e.stream_id, null::varchar, 0::bigint, now(), now()
          from (select stream_id from {fromEvents} order by seq_id desc
                 limit greatest(0, (select count(*) from {fromEvents}) - (select count(*) from {toEvents}))) e
         where not exists (select from {toStreams} t where t.tenant_id = '{Tenant}' and t.id = e.stream_id);

        insert into {toEvents} (seq_id, id, stream_id, version, data, type, timestamp, tenant_id,
                                mt_dotnet_type, correlation_id, causation_id, headers)
        select nextval('{toSequence}'), gen_random_uuid(), stream_id, version, data, type, timestamp, '{Tenant}',
               mt_dotnet_type, correlation_id, causation_id, headers
          from {fromEvents}
         order by seq_id desc
         limit greatest(0, (select count(*) from {fromEvents}) - (select count(*) from {toEvents}));
        """;
}
