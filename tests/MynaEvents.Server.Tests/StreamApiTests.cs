using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Alba;
using static MynaEvents.Server.Tests.HttpJson;

using MynaEvents.Server.Tests.Security;

namespace MynaEvents.Server.Tests;

public sealed class StreamApiTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _client = server.AdminClient();

    [Fact]
    public async Task an_append_answers_201_and_its_resend_answers_the_same_201_with_the_same_body()
    {
        var append = Append(Guid.NewGuid(), 0, Sample(1), Sample(2));

        var created = await server.Host.Scenario(s =>
        {
            s.Post.Json(append).ToUrl("/api/tenants/group-a/streams/s-http/events");
            s.WithBearerToken(ServerFactory.BootstrapAdminToken);
            s.StatusCodeShouldBe(201);
            s.Header("Idempotent-Replayed").ShouldNotBeWritten();
            s.JsonPath("toVersion").ShouldBe(2);
        });
        var resent = await server.Host.Scenario(s =>
        {
            s.Post.Json(append).ToUrl("/api/tenants/group-a/streams/s-http/events");
            s.WithBearerToken(ServerFactory.BootstrapAdminToken);
            s.StatusCodeShouldBe(201);
            s.Header("Idempotent-Replayed").ShouldHaveValues("true");
        });
        Assert.Equal(await created.ReadAsTextAsync(), await resent.ReadAsTextAsync());

        var stream = await server.Host.Scenario(s =>
        {
            s.Get.Url("/api/tenants/group-a/streams/s-http/events");
            s.WithBearerToken(ServerFactory.BootstrapAdminToken);
            s.JsonPath("version").ShouldBe(2);
            s.JsonPath("events").ShouldHaveCount(2);
            s.JsonPath("events[0].deviceId").ShouldBe("dev-1");
            s.JsonPath("events[1].data.amount").ShouldBe(2);
        });
        var first = (await stream.ReadAsJsonAsync<JsonElement>()).GetProperty("events")[0];
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 0, 30, 0, TimeSpan.Zero), first.GetProperty("occurredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task a_stale_expected_version_answers_409_problem_naming_the_actual_version_and_writes_nothing()
    {
        await server.Host.Scenario(s =>
        {
            s.Post.Json(Append(Guid.NewGuid(), 0, Sample(1))).ToUrl("/api/tenants/group-a/streams/s-409/events");
            s.WithBearerToken(ServerFactory.BootstrapAdminToken);
            s.StatusCodeShouldBe(201);
        });

        await server.Host.Scenario(s =>
        {
            s.Post.Json(Append(Guid.NewGuid(), 0, Sample(2))).ToUrl("/api/tenants/group-a/streams/s-409/events");
            s.WithBearerToken(ServerFactory.BootstrapAdminToken);
            s.ShouldReturnProblemDetails(409)
                .WithExtension("field", "expectedVersion")
                .WithExtension("actualVersion", 1);
        });

        await server.Host.Scenario(s =>
        {
            s.Get.Url("/api/tenants/group-a/streams/s-409/events");
            s.WithBearerToken(ServerFactory.BootstrapAdminToken);
            s.JsonPath("version").ShouldBe(1);
        });
    }

    [Fact]
    public async Task invalid_appends_answer_400_naming_each_field_and_rule_and_write_nothing()
    {
        var response = await _client.AppendAsync("group-a", "s-invalid", new
        {
            expectedVersion = -1,
            events = new object[] { new { type = "NoSuchEvent", data = new { } }, new { type = "SampleRecorded", data = 5 } },
        });

        AssertProblem(response, 400);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Contains("required", errors.GetProperty("commandId")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("positive", errors.GetProperty("expectedVersion")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("SampleRecorded", errors.GetProperty("events[0].type")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("object", errors.GetProperty("events[1].data")[0].GetString(), StringComparison.Ordinal);

        var empty = await _client.AppendAsync("group-a", "s-invalid", new { commandId = Guid.NewGuid(), events = Array.Empty<object>() });
        AssertProblem(empty, 400);
        Assert.True((await empty.JsonAsync()).GetProperty("errors").TryGetProperty("events", out _));

        var badStream = await _client.AppendAsync("group-a", "bad%20stream", Append(Guid.NewGuid(), null, Sample(1)));
        AssertProblem(badStream, 400);
        Assert.True((await badStream.JsonAsync()).GetProperty("errors").TryGetProperty("streamId", out _));

        AssertProblem(await _client.GetAsync("/api/tenants/group-a/streams/s-invalid/events"), 404);
    }

    [Fact]
    public async Task malformed_json_answers_400_naming_the_field()
    {
        using var body = new StringContent("""{"commandId": 12, "events": []}""", Encoding.UTF8, "application/json");
        var response = await _client.PostAsync("/api/tenants/group-a/streams/s-json/events", body);

        AssertProblem(response, 400);
        var problem = await response.JsonAsync();
        Assert.Equal("commandId", problem.GetProperty("field").GetString());
        Assert.StartsWith("commandId:", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var broken = new StringContent("""{"commandId": """, Encoding.UTF8, "application/json");
        AssertProblem(await _client.PostAsync("/api/tenants/group-a/streams/s-json/events", broken), 400);
    }

    [Fact]
    public async Task unknown_routes_wrong_methods_wrong_media_types_and_oversized_bodies_answer_problem_json()
    {
        var unknown = await _client.GetAsync("/api/nothing-here");
        AssertProblem(unknown, 404);
        Assert.StartsWith("path: there is no operation at /api/nothing-here", await unknown.DetailAsync(), StringComparison.Ordinal);
        var wrongMethod = await _client.DeleteAsync("/api/tenants/group-a/streams/s/events");
        AssertProblem(wrongMethod, 405);
        Assert.StartsWith("method: DELETE is not an operation of this path; it allows GET", await wrongMethod.DetailAsync(), StringComparison.Ordinal);
        using var text = new StringContent("hello", Encoding.UTF8, "text/plain");
        var wrongType = await _client.PostAsync("/api/tenants/group-a/streams/s/events", text);
        AssertProblem(wrongType, 415);
        Assert.Equal("Content-Type: send the body as application/json", await wrongType.DetailAsync());
        var noBody = await _client.PostAsync("/api/tenants/group-a/streams/s/events", null);
        AssertProblem(noBody, 400);
        Assert.Equal("body: a JSON body is required", await noBody.DetailAsync());

        var huge = Append(Guid.NewGuid(), null, new { type = "SampleRecorded", data = new { note = new string('x', 70_000), amount = 1 } });
        var tooLarge = await _client.AppendAsync("group-a", "s-large", huge);
        AssertProblem(tooLarge, 413);
        Assert.Equal("body", (await tooLarge.JsonAsync()).GetProperty("field").GetString());
        AssertProblem(await _client.GetAsync("/api/tenants/group-a/streams/s-large/events"), 404);
    }

    [Fact]
    public async Task a_command_id_reused_for_another_stream_answers_422()
    {
        var command = Guid.NewGuid();
        await _client.AppendAsync("group-a", "s-first", Append(command, null, Sample(1)));

        var response = await _client.AppendAsync("group-a", "s-second", Append(command, null, Sample(1)));

        AssertProblem(response, 422);
        Assert.Equal("commandId", (await response.JsonAsync()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task a_stream_reads_as_of_a_version_and_as_of_a_time()
    {
        await _client.AppendAsync("group-a", "s-travel", Append(Guid.NewGuid(), 0, Sample(1), Sample(2)));
        var between = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        await _client.AppendAsync("group-a", "s-travel", Append(Guid.NewGuid(), 2, Sample(3)));

        var atOne = await (await _client.GetAsync("/api/tenants/group-a/streams/s-travel/events?upToVersion=1")).JsonAsync();
        var asOf = await (await _client.GetAsync($"/api/tenants/group-a/streams/s-travel/events?asOf={Uri.EscapeDataString(between.ToString("O"))}")).JsonAsync();
        var both = await _client.GetAsync($"/api/tenants/group-a/streams/s-travel/events?upToVersion=1&asOf={Uri.EscapeDataString(between.ToString("O"))}");

        Assert.Equal(1, atOne.GetProperty("version").GetInt64());
        Assert.Equal(2, asOf.GetProperty("version").GetInt64());
        AssertProblem(both, 400);
    }

    [Fact]
    public async Task only_the_platform_administrator_may_use_the_raw_stream_and_projection_apis()
    {
        using var anonymous = server.CreateClient();
        AssertProblem(await anonymous.AppendAsync("group-a", "s-guarded", Append(Guid.NewGuid(), null, Sample(1))), 401);
        AssertProblem(await anonymous.GetAsync("/api/projections"), 401);

        using var groupAdmin = server.CreateClient((await _client.CreatePersonAsync("group-a", "group_admin")).Token);
        AssertProblem(await groupAdmin.AppendAsync("group-a", "s-guarded", Append(Guid.NewGuid(), null, Sample(1))), 403);
        AssertProblem(await groupAdmin.PostAsJsonAsync("/api/projections/server_recording/rebuild", new { commandId = Guid.NewGuid() }), 403);
        Assert.Equal(0L, await server.Database.ScalarAsync<long>("select count(*) from myna_events.mt_events where type <> 'tombstone' and stream_id = 's-guarded'"));
    }

    [Fact]
    public async Task health_is_live_and_ready_against_a_current_schema()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/live")).StatusCode);
        var ready = await _client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", (await ready.JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task the_openapi_document_describes_the_endpoints()
    {
        var document = await (await _client.GetAsync("/openapi/v1.json")).JsonAsync();
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/tenants/{tenantId}/streams/{streamId}/events", out var streams));
        Assert.True(streams.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/projections/{name}/rebuild", out _));
    }
}
