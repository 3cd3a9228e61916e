using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace MynaEvents.Server.Tests.Contract;

/// <summary>
/// Through real Kestrel: the requests Kestrel itself refuses before any middleware runs get the
/// same problem+json as every other error, and the answers around them are untouched.
/// </summary>
public sealed class KestrelRejectionTests(KestrelServer kestrel) : IClassFixture<KestrelServer>
{
    private Uri Address => kestrel.Address;

    [Fact]
    public async Task a_request_line_over_the_limit_answers_414_problem_json_naming_the_path()
    {
        var problem = await RawAsync($"GET /api/tenants/{new string('a', 10_000)}/facilities HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal((414, "path"), (problem.Status, problem.Field));
        Assert.Contains("8192", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_nul_in_the_path_answers_400_problem_json()
    {
        var problem = await RawAsync("GET /api/tenants/a%00b/facilities HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal((400, "request"), (problem.Status, problem.Field));
    }

    [Fact]
    public async Task headers_over_the_limit_answer_431_problem_json()
    {
        var problem = await RawAsync($"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Padding: {new string('p', 40_000)}\r\n\r\n");

        Assert.Equal((431, "headers"), (problem.Status, problem.Field));
    }

    [Fact]
    public async Task answers_before_and_after_on_a_kept_alive_connection_are_untouched()
    {
        using var client = new HttpClient { BaseAddress = Address };

        var live = await client.GetAsync("/health/live");
        var notFound = await client.GetAsync("/api/nothing-here");
        var again = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        HttpJson.AssertProblem(notFound, 404);
    }

    private sealed record Problem(int Status, string? Field, string Detail);

    /// <summary>Sends bytes an HTTP client library would refuse to send, and reads the whole answer (Kestrel closes the connection).</summary>
    private async Task<Problem> RawAsync(string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(Address.Host, Address.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer);
        var text = Encoding.UTF8.GetString(answer.ToArray());
        var (head, body) = (text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)], text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.Ordinal);
        Assert.Contains($"Content-Length: {Encoding.UTF8.GetByteCount(body)}", head, StringComparison.Ordinal);
        var json = JsonDocument.Parse(body).RootElement;
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("title").GetString()));
        return new Problem(status, json.GetProperty("field").GetString(), json.GetProperty("detail").GetString()!);
    }
}
