using System.Net.Http.Json;
using System.Text.Json;
using MynaEvents.Testing;

namespace MynaEvents.Server.Tests.Security;

/// <summary>Small steps the security tests share: create people, read their tokens.</summary>
internal static class SecurityHttp
{
    public sealed record CreatedPerson(string PersonId, string Token);

    public static async Task<CreatedPerson> CreatePersonAsync(this HttpClient admin, string tenant, string role, string? facilityId = null)
    {
        // A person belongs to a group that exists, and staff to one of its facilities: the
        // platform administrator sets up what the test names.
        if (admin.DefaultRequestHeaders.Authorization?.Parameter == ServerFactory.BootstrapAdminToken)
        {
            await admin.EnsureGroupAsync(tenant);
            if (facilityId is not null) await admin.EnsureFacilityAsync(tenant, facilityId);
        }
        var response = await admin.PostAsJsonAsync($"/api/tenants/{tenant}/people",
            new { commandId = Guid.NewGuid(), displayName = $"Test {role}", role, facilityId });
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
