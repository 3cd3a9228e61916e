using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Marten.Events.Daemon.Coordination;

namespace MynaEvents.Server.Tests.Contract;

/// <summary>
/// Thousands of requests made from the served API description with a fixed seed, most of them
/// wrong in one way: the server never answers 5xx, every error is problem+json (and every answer
/// keeps the contract, see <see cref="ContractCheck"/>), and a refused request changes the row
/// count of no table.
/// </summary>
public sealed class GeneratedRequestTests(SweepOffServer server, ITestOutputHelper output) : IClassFixture<SweepOffServer>
{
    private const int Seed = 20261207;
    private const int Requests = 2400;

    [Fact]
    public async Task generated_requests_never_answer_5xx_and_refused_ones_write_nothing()
    {
        var own = await FuzzGroup.CreateAsync(server);
        var other = await FuzzGroup.CreateAsync(server);
        // The async projections are stopped once the world stands, so that every row count
        // changes only by what a request itself writes.
        await server.Services.GetRequiredService<IProjectionCoordinator>().StopAsync(CancellationToken.None);

        using var anonymous = server.CreateClient();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var generator = new RequestGenerator(document, new Random(Seed), own, other, maxBodyBytes: 65536);
        var tables = await TableCounts.CreateAsync(server.Database);
        var checkedBefore = server.Contract.Checked;

        var refused = 0;
        var mutations = new Dictionary<Mutation, int>();
        var answers = new Dictionary<string, int>(StringComparer.Ordinal);
        IReadOnlyDictionary<string, long>? before = null;
        for (var i = 0; i < Requests; i++)
        {
            var request = generator.Next();
            mutations[request.Mutation] = mutations.GetValueOrDefault(request.Mutation) + 1;
            before ??= await tables.ReadAsync();
            using var response = await anonymous.SendAsync(request.Message);
            var status = (int)response.StatusCode;
            var key = $"{request.Operation} {status}";
            answers[key] = answers.GetValueOrDefault(key) + 1;

            Assert.True(status < 500, $"#{i} {request} answered {status}: {await response.Content.ReadAsStringAsync()}");
            if (status < 400)
            {
                before = null; // it may have written: count again before the next one
                continue;
            }
            refused++;
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var after = await tables.ReadAsync();
            var changed = after.Where(t => before[t.Key] != t.Value).Select(t => $"{t.Key}: {before[t.Key]} → {t.Value}").ToList();
            Assert.True(changed.Count == 0, $"#{i} {request} was refused with {status} but changed {string.Join(", ", changed)}");
            before = after;
        }

        output.WriteLine($"{Requests} requests, {refused} refused; by mutation: {string.Join(", ", mutations.OrderBy(m => m.Key).Select(m => $"{m.Key} {m.Value}"))}");
        foreach (var (answer, count) in answers.OrderBy(a => a.Key, StringComparer.Ordinal)) output.WriteLine($"{count,5} {answer}");

        // The run exercised what it claims to: every kind of request, mostly refused, every answer checked.
        Assert.Equal(Enum.GetValues<Mutation>().Length, mutations.Count);
        Assert.InRange(refused, Requests / 2, Requests);
        Assert.True(server.Contract.Checked - checkedBefore >= Requests, "every answer went through the contract check");
    }
}

/// <summary>
/// The row count of every table of our schema and of Marten's streams and events, in one query.
/// Tombstones are left out: Marten writes one after a failed transaction to fill the sequence
/// numbers it used, so that the async daemon need not wait for them; they are not data.
/// </summary>
internal sealed class TableCounts(MynaEvents.Testing.TestDatabase database, string sql)
{
    public static async Task<TableCounts> CreateAsync(MynaEvents.Testing.TestDatabase database)
    {
        await using var command = database.DataSource.CreateCommand(
            "select table_schema || '.' || table_name from information_schema.tables where table_schema = 'myna' and table_type = 'BASE TABLE' order by 1");
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var sql = new StringBuilder(
            "select 'myna_events.mt_streams', count(*) from myna_events.mt_streams where id <> 'mt_tombstone' union all " +
            "select 'myna_events.mt_events', count(*) from myna_events.mt_events where type <> 'tombstone'");
        foreach (var table in tables)
            sql.Append(" union all ").Append("select '").Append(table).Append("', count(*) from ").Append(table);
        return new TableCounts(database, sql.ToString());
    }

    public async Task<IReadOnlyDictionary<string, long>> ReadAsync()
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }
}
