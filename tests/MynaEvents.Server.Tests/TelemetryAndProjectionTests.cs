using System.Net.Http.Json;
using System.Diagnostics;
using System.Net;
using MynaEvents.Testing;
using static MynaEvents.Server.Tests.HttpJson;

namespace MynaEvents.Server.Tests;

public sealed class TelemetryAndProjectionTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _client = server.AdminClient();

    [Fact]
    public async Task an_http_request_that_appends_leaves_a_server_span_with_martens_work_and_its_sql_inside()
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tenants/group-t/streams/s-traced/events")
        {
            Content = System.Net.Http.Json.JsonContent.Create(Append(Guid.NewGuid(), null, Sample(1))),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        await Eventually.TrueAsync(() => server.Spans.Any(s => s.TraceId == traceId && s.Kind == ActivityKind.Server), "the server span ended");
        var spans = server.Spans.Where(s => s.TraceId == traceId).ToList();
        var http = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.Equal("/api/tenants/{tenantId}/streams/{streamId}/events", http.GetTagItem("http.route"));
        Assert.Equal("POST /api/tenants/{tenantId}/streams/{streamId}/events", http.DisplayName);
        Assert.Equal(201, http.GetTagItem("http.response.status_code"));
        var bySpan = spans.ToDictionary(s => s.SpanId);
        bool Under(Activity span, Activity ancestor)
        {
            for (var parent = span.ParentSpanId; bySpan.TryGetValue(parent, out var next); parent = next.ParentSpanId)
                if (parent == ancestor.SpanId) return true;
            return false;
        }
        // The append itself: Marten's connection span inside the request, the append's SQL inside it.
        Assert.Contains(spans, s => s.Source.Name == "Marten" && Under(s, http) && spans.Any(sql => sql.Source.Name == "Npgsql" && sql.ParentSpanId == s.SpanId
            && (sql.GetTagItem("db.query.text") ?? sql.GetTagItem("db.statement"))?.ToString()?.Contains("mt_quick_append_events", StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task the_servers_daemon_projects_appends_and_rebuilds_on_request()
    {
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Created, (await _client.AppendAsync("group-p", $"s-{i}", Append(Guid.NewGuid(), null, Sample(i)))).StatusCode);
        var total = await server.Database.ScalarAsync<long>("select count(*) from myna_events.mt_events where type <> 'tombstone'");
        await Eventually.TrueAsync(async () => (await server.Projection.AppliedAsync(server.Database.DataSource)).Count == total, "the daemon applies every event");

        var listed = (await (await _client.GetAsync("/api/projections")).JsonAsync()).EnumerateArray().ToList();
        var projection = Assert.Single(listed, p => p.GetProperty("name").GetString() == "server_recording");
        Assert.True(projection.GetProperty("ledByThisProcess").GetBoolean());
        Assert.Equal(total, projection.GetProperty("eventsApplied").GetInt64());

        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsJsonAsync("/api/projections/server_recording/rebuild", new { commandId = Guid.NewGuid() })).StatusCode);
        await Eventually.TrueAsync(async () => await server.Database.ScalarAsync<bool>(
            "select coalesce((select started_at is not null from myna.projection_rebuilds where name = 'server_recording'), false)"), "the rebuild starts");
        await Eventually.TrueAsync(async () => (await server.Projection.AppliedAsync(server.Database.DataSource)).Count == total, "the rebuilt projection has every event once");

        // After the rebuild the projection goes on with new events, in the same process.
        Assert.Equal(HttpStatusCode.Created, (await _client.AppendAsync("group-p", "s-after", Append(Guid.NewGuid(), null, Sample(9)))).StatusCode);
        await Eventually.TrueAsync(async () => (await server.Projection.AppliedAsync(server.Database.DataSource)).Count == total + 1, "a new event after the rebuild is applied");
        await Eventually.TrueAsync(async () => (await (await _client.GetAsync("/api/projections")).JsonAsync()).EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "server_recording").GetProperty("ledByThisProcess").GetBoolean(), "the rebuilt projection runs here again");

        AssertProblem(await _client.PostAsJsonAsync("/api/projections/no_such_projection/rebuild", new { commandId = Guid.NewGuid() }), 404);
    }
}
