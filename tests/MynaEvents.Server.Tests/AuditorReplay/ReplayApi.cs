using System.Globalization;
using System.Net;
using System.Text.Json;
using MynaEvents.Testing;

namespace MynaEvents.Server.Tests.AuditorReplay;

/// <summary>Reads a facility's history and its checks as of an instant over HTTP.</summary>
internal static class ReplayApi
{
    public static string Instant(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("O", CultureInfo.InvariantCulture));

    public static string History(string tenant, string facility, string query) => $"/api/tenants/{tenant}/facilities/{facility}/history{query}";

    public static string AsOf(string tenant, string facility, DateTimeOffset at) => $"/api/tenants/{tenant}/facilities/{facility}/checks-as-of?at={Instant(at)}";

    /// <summary>The facility's history over the two hours around now (the test's checks all start in it).</summary>
    public static string Recent(string tenant, string facility) =>
        History(tenant, facility, $"?from={Instant(DateTimeOffset.UtcNow.AddHours(-1))}&to={Instant(DateTimeOffset.UtcNow.AddHours(1))}");

    public static async Task<JsonElement> OkAsync(HttpClient reader, string uri)
    {
        var response = await reader.GetAsync(uri);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{uri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    /// <summary>Waits until the facility's history lists every one of <paramref name="ids"/> (which checks belong to it is learnt asynchronously).</summary>
    public static async Task<Dictionary<string, JsonElement>> AwaitHistoryAsync(HttpClient reader, string tenant, string facility, params string[] ids)
    {
        var checks = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        await Eventually.TrueAsync(async () =>
        {
            checks = ById(await OkAsync(reader, Recent(tenant, facility)));
            return ids.All(checks.ContainsKey);
        }, $"the history of {facility} lists {string.Join(", ", ids)}");
        return checks;
    }

    public static Dictionary<string, JsonElement> ById(JsonElement page) =>
        page.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("verificationId").GetString()!, StringComparer.Ordinal);

    public static string[] Types(JsonElement check) => [.. check.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];

    public static DateTimeOffset RecordedAt(JsonElement check, string type) =>
        check.GetProperty("events").EnumerateArray().First(e => e.GetProperty("type").GetString() == type).GetProperty("recordedAt").GetDateTimeOffset();
}
