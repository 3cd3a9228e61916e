using System.Net.Http.Json;
using System.Text.Json;

namespace MynaEvents.Server.Tests.Security;

/// <summary>Small steps the security tests share: create people, read their tokens.</summary>
internal static class SecurityHttp
{
    public sealed record CreatedPerson(string PersonId, string Token);

    public static async Task<CreatedPerson> CreatePersonAsync(this HttpClient admin, string tenant, string role, string? facilityId = null)
    {
        var response = await admin.PostAsJsonAsync($"/api/tenants/{tenant}/people", new { displayName = $"Test {role}", role, facilityId });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Creating a {role} in {tenant} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var body = await response.JsonAsync();
        return new CreatedPerson(body.GetProperty("personId").GetString()!, body.GetProperty("token").GetString()!);
    }

    public static async Task<string> DetailAsync(this HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("detail").GetString() ?? "";

    public static string? Field(this JsonElement problem) =>
        problem.TryGetProperty("field", out var field) ? field.GetString() : null;
}
