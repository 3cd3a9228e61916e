using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MynaEvents.Server.Tests.Facilities;
using MynaEvents.Testing;

namespace MynaEvents.Server.Tests.FacilityViews;

/// <summary>Records checks by fallback document (no card needed) and reads facility views over HTTP.</summary>
internal static class FacilityViewsApi
{
    public static string Checks(string tenant, string facility, string query = "") => $"/api/tenants/{tenant}/facilities/{facility}/checks{query}";

    /// <summary>Reception staff confirm eligibility from マイナポータル; returns the new check's id.</summary>
    public static async Task<string> FallbackCheckAsync(HttpClient staff, string tenant, string facility, string name, string kana, DateOnly? treatmentDate = null)
    {
        var id = Guid.NewGuid().ToString();
        var date = FacilitiesApi.Iso(treatmentDate ?? FacilitiesApi.Today);
        var response = await staff.PostAsJsonAsync($"/api/tenants/{tenant}/verifications/{id}/fallback", new
        {
            commandId = Guid.NewGuid(),
            kind = "myna_portal",
            staffId = "staff-fv",
            treatedAtFacilityId = facility,
            treatmentDate = date,
            documentDate = date,
            occurredAt = DateTimeOffset.UtcNow,
            eligibility = new { insurerNumber = "33120015", personalFamily = 2, burdenRatio = "020" },
            personal = new { name, nameKana = kana, birthDate = "1950-01-02", insuredCardSymbol = "記号1", insuredIdentificationNumber = "1234", insuredBranchNumber = "01" },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"fallback: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return id;
    }

    /// <summary>Waits until the async projection shows the check in the facility's view, and returns it.</summary>
    public static async Task<JsonElement> AwaitCheckAsync(HttpClient reader, string tenant, string facility, string verificationId)
    {
        JsonElement check = default;
        await Eventually.TrueAsync(async () =>
        {
            var response = await reader.GetAsync(Checks(tenant, facility, "/" + verificationId));
            if (response.StatusCode != HttpStatusCode.OK) return false;
            check = await response.JsonAsync();
            return true;
        }, $"check {verificationId} appears in the view of {facility}");
        return check;
    }

    /// <summary>The ids a search of the facility's view returns.</summary>
    public static async Task<List<string>> SearchAsync(HttpClient reader, string tenant, string facility, string query = "")
    {
        var response = await reader.GetAsync(Checks(tenant, facility, query));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"search {query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return [.. (await response.JsonAsync()).GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("verificationId").GetString()!)];
    }

    public static string Name(JsonElement check) => check.GetProperty("personal").GetProperty("name").GetString()!;
}
