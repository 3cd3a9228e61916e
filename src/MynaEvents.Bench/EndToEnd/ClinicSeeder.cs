using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MynaEvents.VirtualCard;

namespace MynaEvents.Bench.EndToEnd;

/// <summary>One reception desk of the load: its facility, its device credential and the card its patient holds.</summary>
internal sealed record ReceptionDesk(string TenantId, string FacilityId, string DeviceToken, string CertificateDerBase64);

/// <summary>
/// Sets up the clinics through the public HTTP API only, as an operator would (README, "a first
/// clinic group by hand"): one group, and per desk a branch with an approved judo facility with one
/// activated reception device; each desk's patient is known to the eligibility simulator under
/// the serial of a card issued by the test CA the server trusts. Not measured.
/// </summary>
internal static class ClinicSeeder
{
    public static async Task<IReadOnlyList<ReceptionDesk>> SeedAsync(Uri server, string adminToken, Uri simulator, TestCardAuthority authority,
        int desks, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = server };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var upstream = new HttpClient { BaseAddress = simulator };

        var tenant = "bench-" + Guid.NewGuid().ToString("N")[..8];
        await PostAsync(http, $"api/tenants/{tenant}/group", new { commandId = Guid.NewGuid(), name = "計測整骨院グループ" }, ct);

        var seeded = new List<ReceptionDesk>(desks);
        for (var i = 0; i < desks; i++)
        {
            // A branch holds at most one judo facility.
            var branch = Id(await PostAsync(http, $"api/tenants/{tenant}/branches",
                new { commandId = Guid.NewGuid(), name = $"{i + 1}号院", address = "東京都千代田区1-1" }, ct));
            var facility = Id(await PostAsync(http, $"api/tenants/{tenant}/facilities", new
            {
                commandId = Guid.NewGuid(), branchId = branch, kind = "judo",
                registrationNumber = "契" + (1_000_000 + i).ToString(CultureInfo.InvariantCulture),
                name = $"計測整骨院 {i + 1}", address = "東京都千代田区1-1",
            }, ct));
            var application = Id(await PostAsync(http, $"api/tenants/{tenant}/facilities/{facility}/usage-applications", new
            {
                commandId = Guid.NewGuid(), confirmationMethod = "registration_number_and_manager_birth_date",
                managerBirthDate = "1968-04-12", staffCount = 3, requestedDeviceCount = 1,
            }, ct));
            await PostAsync(http, $"api/tenants/{tenant}/facilities/{facility}/usage-applications/{application}/approval", new { commandId = Guid.NewGuid() }, ct);
            var device = await PostAsync(http, $"api/tenants/{tenant}/facilities/{facility}/devices",
                new { commandId = Guid.NewGuid(), kind = "pc_usb_reader", label = "受付PC", readerSupportsExtendedApdu = true }, ct);
            var code = device.GetProperty("activationCode").GetString()!;
            var activated = await PostAsync(http, "api/devices/activate", new { activationCode = code, commandId = Guid.NewGuid() }, ct);

            using var card = authority.IssueCard();
            await PutPersonAsync(upstream, card.Certificate.SerialNumber, i, ct);
            seeded.Add(new ReceptionDesk(tenant, facility, activated.GetProperty("credential").GetString()!, Convert.ToBase64String(card.CertificateDer)));
        }
        return seeded;
    }

    private static async Task PutPersonAsync(HttpClient upstream, string serial, int index, CancellationToken ct)
    {
        var person = new
        {
            insurerNumber = "01130012", insurerName = "全国健康保険協会東京支部", insuredCardSymbol = "5012",
            insuredIdentificationNumber = (34_567 + index).ToString(CultureInfo.InvariantCulture), insuredBranchNumber = "00",
            personalFamilyClassification = "1", name = "計測\u3000太郎", nameKana = "ケイソク\u3000タロウ", birthDate = "1980-06-15",
            qualificationDate = "2010-04-01", insuredPartialContributionRatio = "030", qualificationValidity = "1",
        };
        using var answer = await upstream.PutAsJsonAsync($"admin/persons/{serial}", person, ct);
        answer.EnsureSuccessStatusCode();
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(path, body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"seeding: POST {path} answered {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static string Id(JsonElement answer) => answer.GetProperty("id").GetString()!;
}
