using System.Net;
using System.Net.Http.Json;
using MynaEvents.Testing;

using MynaEvents.Server.Tests.Security;

namespace MynaEvents.Server.Tests.AccessRecords;

/// <summary>People, the verification GET, and the PersonalDataRead records as stored in the log.</summary>
internal static class AccessRecordsApi
{
    public static string NewTenant() => "g-" + Guid.NewGuid().ToString("N")[..6] + "x" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>The bearer token of a new person of the group (reception staff need a facility).</summary>
    public static async Task<string> TokenAsync(HttpClient admin, string tenant, string role, string? facility = null)
    {
        var person = await admin.CreatePersonAsync(tenant, role, facility);
        return person.Token;
    }

    /// <summary>Reads the check through <c>GET …/verifications/{id}</c> and returns its personal fields.</summary>
    public static async Task<System.Text.Json.JsonElement> GetCheckPersonalAsync(HttpClient reader, string tenant, string id)
    {
        var response = await reader.GetAsync($"/api/tenants/{tenant}/verifications/{id}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET check: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.JsonAsync()).GetProperty("personal");
    }

    /// <summary>PersonalDataRead records of the tenant, for any purpose or one, that name the check.</summary>
    public static Task<long> ReadsNamingAsync(TestDatabase database, string tenant, string checkId, string? purpose = null) =>
        database.ScalarAsync<long>($"""
            select count(*) from myna_events.mt_events where type <> 'tombstone'
               and tenant_id = '{tenant}' and type = 'PersonalDataRead' and data->'checkIds' ? '{checkId}'
               {(purpose is null ? "" : $"and data->>'purpose' = '{purpose}'")}
            """);

    /// <summary>Every PersonalDataRead record of the tenant, as stored text (to look for personal data in it).</summary>
    public static Task<string> ReadsTextAsync(TestDatabase database, string tenant) =>
        database.ScalarAsync<string>($"""
            select coalesce(string_agg(data::text, E'\n'), '') from myna_events.mt_events where type <> 'tombstone'
               and tenant_id = '{tenant}' and type = 'PersonalDataRead'
            """);
}
