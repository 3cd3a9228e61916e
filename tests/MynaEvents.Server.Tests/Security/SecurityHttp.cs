using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

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

    /// <summary>Creates the group unless it exists (the command id is the tenant's own, so a repeat is a resend).</summary>
    public static async Task EnsureGroupAsync(this HttpClient platformAdmin, string tenant)
    {
        var response = await platformAdmin.PostAsJsonAsync($"/api/tenants/{tenant}/group",
            new { commandId = CommandIdOf($"group/{tenant}"), name = $"Group {tenant}" });
        if (response.StatusCode == HttpStatusCode.Created) return;
        var problem = await response.JsonAsync();
        if (problem.TryGetProperty("rule", out var rule) && rule.GetString() == "group_exists") return;
        throw new InvalidOperationException($"Creating group {tenant} answered {(int)response.StatusCode}: {problem}");
    }

    /// <summary>
    /// A facility with exactly this id (the API derives ids from command ids, so the test writes
    /// its registration through the operators' stream API), at a branch of its own.
    /// </summary>
    public static async Task EnsureFacilityAsync(this HttpClient platformAdmin, string tenant, string facilityId)
    {
        await platformAdmin.EnsureGroupAsync(tenant);
        if ((await platformAdmin.GetAsync($"/api/tenants/{tenant}/facilities/{facilityId}")).StatusCode == HttpStatusCode.OK) return;
        var branchId = "br-" + facilityId;
        var digits = (BitConverter.ToUInt32(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(tenant + "/" + facilityId))) % 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
        var response = await platformAdmin.PostAsJsonAsync($"/api/tenants/{tenant}/streams/group/events", new
        {
            commandId = CommandIdOf($"facility/{tenant}/{facilityId}"),
            events = new object[]
            {
                new { type = "BranchOpened", data = new { branchId, name = $"Branch of {facilityId}", address = "東京都千代田区1-1" } },
                new { type = "FacilityRegistered", data = new { facilityId, branchId, kind = "judo", registrationNumber = "契" + digits, name = $"Facility {facilityId}", address = "東京都千代田区1-1" } },
            },
        });
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Registering facility {facilityId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static Guid CommandIdOf(string name) => new(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));

    public static async Task<string> DetailAsync(this HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("detail").GetString() ?? "";

    public static string? Field(this JsonElement problem) =>
        problem.TryGetProperty("field", out var field) ? field.GetString() : null;
}
