using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MynaEvents.VirtualCard;

/// <summary>
/// Prepares a short reception demo against a running server (`make run`): a clinic group with
/// one approved judo facility, one registered reception device (its one-time activation code is
/// printed), and a patient known to the eligibility simulator under the serial of the demo card
/// saved in the directory. The operation start date comes later, once the device has read a
/// card (the ministry's order; infra/demo.sh registers it). Uses only the public HTTP APIs.
/// </summary>
internal static class DemoSetup
{
    public static async Task<int> RunAsync(string server, string adminToken, string simulator, string directory)
    {
        using var authority = TestCardAuthority.LoadOrCreate(directory);
        using var card = LoadOrIssue(authority, directory);
        using var http = new HttpClient { BaseAddress = new Uri(server.TrimEnd('/') + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var upstream = new HttpClient { BaseAddress = new Uri(simulator.TrimEnd('/') + "/") };

        var tenant = "demo-" + Guid.NewGuid().ToString("N")[..8];
        await PostAsync(http, $"api/tenants/{tenant}/group", new { commandId = Guid.NewGuid(), name = "さくら整骨院グループ（デモ）" });
        var branch = Id(await PostAsync(http, $"api/tenants/{tenant}/branches",
            new { commandId = Guid.NewGuid(), name = "新宿院", address = "東京都新宿区西新宿1-1" }));
        var facility = Id(await PostAsync(http, $"api/tenants/{tenant}/facilities", new
        {
            commandId = Guid.NewGuid(), branchId = branch, kind = "judo",
            registrationNumber = "契" + Random.Shared.Next(1_000_000, 10_000_000), name = "さくら整骨院 新宿院", address = "東京都新宿区西新宿1-1",
        }));
        var application = Id(await PostAsync(http, $"api/tenants/{tenant}/facilities/{facility}/usage-applications", new
        {
            commandId = Guid.NewGuid(), confirmationMethod = "registration_number_and_manager_birth_date",
            managerBirthDate = "1968-04-12", staffCount = 3, requestedDeviceCount = 1,
        }));
        await PostAsync(http, $"api/tenants/{tenant}/facilities/{facility}/usage-applications/{application}/approval", new { commandId = Guid.NewGuid() });
        var device = await PostAsync(http, $"api/tenants/{tenant}/facilities/{facility}/devices",
            new { commandId = Guid.NewGuid(), kind = "pc_usb_reader", label = "受付PC", readerSupportsExtendedApdu = true });

        var person = new
        {
            insurerNumber = "01130012", insurerName = "全国健康保険協会東京支部", insuredCardSymbol = "5012", insuredIdentificationNumber = "34567",
            insuredBranchNumber = "00", personalFamilyClassification = "1", name = "見本\u3000花子", nameKana = "ミホン\u3000ハナコ",
            birthDate = "1985-06-15", qualificationDate = "2015-04-01", disqualificationDate = (string?)null,
            insuredPartialContributionRatio = "030", elderlyRecipient = (object?)null, qualificationValidity = "1",
        };
        (await upstream.PutAsJsonAsync($"admin/persons/{card.Certificate.SerialNumber}", person)).EnsureSuccessStatusCode();

        Console.WriteLine($"tenant={tenant}");
        Console.WriteLine($"facility={facility}");
        Console.WriteLine($"activation_code={device.GetProperty("activationCode").GetString()}");
        return 0;
    }

    private static TestCard LoadOrIssue(TestCardAuthority authority, string directory)
    {
        if (TestCard.IsSavedIn(directory)) return TestCard.Load(directory);
        var card = authority.IssueCard();
        card.Save(directory);
        return card;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new IOException($"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Id(JsonElement answer) => answer.GetProperty("id").GetString()!;
}
