using System.Net.Http.Json;
using System.Text.Json;

namespace MynaEvents.Server.Tests;

internal static class HttpJson
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> AppendAsync(this HttpClient client, string tenant, string stream, object body) =>
        client.PostAsJsonAsync($"/api/tenants/{tenant}/streams/{stream}/events", body);

    public static object Append(Guid commandId, long? expectedVersion, params object[] events) =>
        new { commandId, expectedVersion, events, deviceId = "dev-1", actor = "staff-1", occurredAt = "2026-11-21T09:30:00+09:00" };

    public static object Sample(int amount) => new { type = "SampleRecorded", data = new { note = $"n{amount}", amount } };

    public static void AssertProblem(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
