using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MynaEvents.Testing;

/// <summary>
/// What a test names, made to exist through the API as the platform administrator: a clinic
/// group, and a facility with exactly a given id. Each has a command id of its own derived from
/// its name, so doing it twice is a resend.
/// </summary>
public static class GroupSetup
{
    /// <summary>Creates the group unless it exists.</summary>
    public static async Task EnsureGroupAsync(this HttpClient platformAdmin, string tenant)
    {
        var response = await platformAdmin.PostAsJsonAsync($"/api/tenants/{tenant}/group",
            new { commandId = CommandIdOf($"group/{tenant}"), name = $"Group {tenant}" });
        if (response.StatusCode == HttpStatusCode.Created) return;
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        if (problem.TryGetProperty("rule", out var rule) && rule.GetString() == "group_exists") return;
        throw new InvalidOperationException($"Creating group {tenant} answered {(int)response.StatusCode}: {problem}");
    }

    /// <summary>
    /// The group and a judo facility with exactly this id at a branch of its own. The API derives
    /// ids from command ids, so the registration goes through the operators' stream API.
    /// </summary>
    public static async Task EnsureFacilityAsync(this HttpClient platformAdmin, string tenant, string facilityId)
    {
        await platformAdmin.EnsureGroupAsync(tenant);
        if ((await platformAdmin.GetAsync($"/api/tenants/{tenant}/facilities/{facilityId}")).StatusCode == HttpStatusCode.OK) return;
        var branchId = "br-" + facilityId;
        var number = SampleRegistrationNumbers.Of((int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(tenant + "/" + facilityId))) % 9_000_000) + 1_000_000);
        var response = await platformAdmin.PostAsJsonAsync($"/api/tenants/{tenant}/streams/group/events", new
        {
            commandId = CommandIdOf($"facility/{tenant}/{facilityId}"),
            events = new object[]
            {
                new { type = "BranchOpened", data = new { branchId, name = $"Branch of {facilityId}", address = "東京都千代田区1-1" } },
                new { type = "FacilityRegistered", data = new { facilityId, branchId, kind = "judo", registrationNumber = number, name = $"Facility {facilityId}", address = "東京都千代田区1-1" } },
            },
        });
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Registering facility {facilityId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static Guid CommandIdOf(string name) => new(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));
}
