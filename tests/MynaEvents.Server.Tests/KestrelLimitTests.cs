using System.Net.Http.Headers;
using System.Text;

namespace MynaEvents.Server.Tests;

/// <summary>Through real Kestrel: a body with no declared length is cut off at the limit too.</summary>
public sealed class KestrelLimitTests(KestrelServer kestrel) : IClassFixture<KestrelServer>
{
    private readonly KestrelServer _server = kestrel;

    [Fact]
    public async Task a_chunked_body_over_the_limit_answers_413_problem_json_and_writes_nothing()
    {
        using var client = _server.AdminClient();
        var json = "{\"commandId\":\"" + Guid.NewGuid() + "\",\"events\":[{\"type\":\"SampleRecorded\",\"data\":{\"note\":\"" + new string('x', 100_000) + "\",\"amount\":1}}]}";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tenants/group-k/streams/s-chunked/events") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);

        HttpJson.AssertProblem(response, 413);
        Assert.Equal(0L, await _server.Database.ScalarAsync<long>("select count(*) from myna_events.mt_events where type <> 'tombstone'"));
    }
}
