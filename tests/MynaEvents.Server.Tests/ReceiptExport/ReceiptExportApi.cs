using System.Net.Http.Json;
using MynaEvents.Server.Tests.Facilities;
using MynaEvents.Testing;

using MynaEvents.Server.Tests.Security;

namespace MynaEvents.Server.Tests.ReceiptExport;

/// <summary>People, exports over HTTP, and the access records as stored.</summary>
internal static class ReceiptExportApi
{
    public static string NewTenant() => "g-" + Guid.NewGuid().ToString("N")[..6] + "x" + Guid.NewGuid().ToString("N")[..6];

    public static string ThisMonth => FacilitiesApi.Today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    public static string Export(string tenant, string facility, string query) => $"/api/tenants/{tenant}/facilities/{facility}/receipt-export{query}";

    /// <summary>The bearer token of a new person of the group (reception staff need a facility).</summary>
    public static async Task<string> TokenAsync(HttpClient admin, string tenant, string role, string? facility = null)
    {
        var person = await admin.CreatePersonAsync(tenant, role, facility);
        return person.Token;
    }

    /// <summary>How many access records of a kind in the facility's access streams name the check (and, for exports, the month and format).</summary>
    public static Task<long> RecordsNamingAsync(TestDatabase database, string tenant, string facility, string eventType, string checkId, string extra = "") =>
        database.ScalarAsync<long>($"""
            select count(*) from myna_events.mt_events where type <> 'tombstone'
               and tenant_id = '{tenant}' and stream_id like 'access-{facility}-____-__-__' and type = '{eventType}'
               and data->'checkIds' ? '{checkId}' {extra}
            """);

    public static Task<long> RecordsAsync(TestDatabase database, string tenant, string facility, string eventType) =>
        database.ScalarAsync<long>($"""
            select count(*) from myna_events.mt_events where type <> 'tombstone'
               and tenant_id = '{tenant}' and stream_id like 'access-{facility}-%' and type = '{eventType}'
            """);
}
