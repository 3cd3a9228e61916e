using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Domain.Time;
using MynaEvents.Server.Security;
using MynaEvents.Server.Tests.Security;
using MynaEvents.Testing;
using MynaEvents.VirtualCard;

namespace MynaEvents.Server.Tests.Facilities;

/// <summary>
/// One clinic group of its own, created by the platform administrator, driven by a group
/// administrator's token (made through the people API), with a body builder per command.
/// </summary>
internal sealed class FacilitiesApi
{
    /// <summary>Cards for servers that trust no JPKI CA: any card of a known shape is read there.</summary>
    private static readonly Lazy<TestCardAuthority> UntrustedCards = new(() => TestCardAuthority.Create("FacilitiesApi Test CA"));

    private FacilitiesApi(ServerFactory server, string tenant, HttpClient admin, HttpClient platform, TestCardAuthority? cards)
    {
        Server = server;
        Tenant = tenant;
        Admin = admin;
        Platform = platform;
        Cards = cards ?? UntrustedCards.Value;
    }

    /// <summary>Where the cards this group's devices read come from: the server's trusted test CA, when it has one.</summary>
    public TestCardAuthority Cards { get; }

    public ServerFactory Server { get; }

    public string Tenant { get; }

    /// <summary>The group administrator of <see cref="Tenant"/>.</summary>
    public HttpClient Admin { get; }

    /// <summary>The bootstrap platform administrator.</summary>
    public HttpClient Platform { get; }

    /// <summary>Today in Japan: the date the server judges the rules on.</summary>
    public static DateOnly Today => JapanTime.DateOf(DateTimeOffset.UtcNow);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static async Task<FacilitiesApi> NewGroupAsync(ServerFactory server, string name = "Sakura Clinics", TestCardAuthority? cards = null)
    {
        var tenant = "g-" + Guid.NewGuid().ToString("N")[..6] + "x" + Guid.NewGuid().ToString("N")[..6];
        var platform = server.AdminClient();
        var created = await platform.PostAsJsonAsync($"/api/tenants/{tenant}/group", new { commandId = Guid.NewGuid(), name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var admin = server.CreateClient(await TokenAsync(server, tenant, "group_admin"));
        return new FacilitiesApi(server, tenant, admin, platform, cards);
    }

    /// <summary>A personal access token of a new person of the group with <paramref name="role"/>.</summary>
    public static async Task<string> TokenAsync(ServerFactory server, string tenant, string role, string? facilityId = null)
    {
        var person = await server.AdminClient().CreatePersonAsync(tenant, role, facilityId);
        return person.Token;
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body, HttpClient? client = null) =>
        (client ?? Admin).PostAsJsonAsync($"/api/tenants/{Tenant}{path}", body);

    /// <summary>Posts a command that must succeed (201) and returns its answer.</summary>
    public async Task<JsonElement> AcceptedAsync(string path, object body)
    {
        var response = await PostAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    public async Task<JsonElement> GetAsync(string path, HttpClient? client = null)
    {
        var response = await (client ?? Admin).GetAsync($"/api/tenants/{Tenant}{path}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    public Task<JsonElement> FacilityAsync(string facilityId) => GetAsync($"/facilities/{facilityId}");

    public async Task<string> BranchAsync(string name = "Shinjuku") =>
        Id(await AcceptedAsync("/branches", new { commandId = Guid.NewGuid(), name, address = "1-1 Nishi-Shinjuku, Tokyo" }));

    public async Task<string> FacilityAsync(string branchId, string kind, string? registrationNumber = null) =>
        Id(await AcceptedAsync("/facilities", Bodies.Facility(branchId, kind, registrationNumber)));

    public async Task<string> ApplyAsync(string facilityId, int devices = 2) =>
        Id(await AcceptedAsync($"/facilities/{facilityId}/usage-applications", Bodies.ApplicationByNumber(devices)));

    public Task<JsonElement> ApproveAsync(string facilityId, string applicationId) =>
        AcceptedAsync($"/facilities/{facilityId}/usage-applications/{applicationId}/approval", new { commandId = Guid.NewGuid() });

    /// <summary>Registers a device; returns its id and its activation code.</summary>
    public async Task<(string DeviceId, string ActivationCode)> DeviceAsync(string facilityId, string kind = "pc_usb_reader")
    {
        var answer = await AcceptedAsync($"/facilities/{facilityId}/devices", Bodies.Device(kind));
        return (Id(answer), answer.GetProperty("activationCode").GetString()!);
    }

    public Task<JsonElement> StartAsync(string facilityId, DateOnly date) =>
        AcceptedAsync($"/facilities/{facilityId}/operation-start-date", new { commandId = Guid.NewGuid(), startDate = date });

    /// <summary>A facility approved for <paramref name="devices"/> devices, with one registered.</summary>
    public async Task<(string FacilityId, string DeviceId)> EquippedAsync(string branchId, string kind, int devices = 2)
    {
        var facility = await FacilityAsync(branchId, kind);
        await ApproveAsync(facility, await ApplyAsync(facility, devices));
        var (device, _) = await DeviceAsync(facility);
        return (facility, device);
    }

    /// <summary>An equipped facility that read a card and whose operation start date is today.</summary>
    public async Task<(string FacilityId, string DeviceId)> OperatingAsync(string branchId, string kind)
    {
        var (facility, device) = await EquippedAsync(branchId, kind);
        await ReadACardAsync(facility, device);
        await StartAsync(facility, Today);
        return (facility, device);
    }

    /// <summary>Activates <paramref name="deviceId"/> (a fresh credential) and reads a card with it: see the other overload.</summary>
    public async Task<string> ReadACardAsync(string facilityId, string deviceId)
    {
        var code = await Server.Services.GetRequiredService<IDeviceCredentials>().NewCodeAsync(Tenant, facilityId, deviceId);
        var activated = await Server.CreateClient().PostAsJsonAsync("/api/devices/activate", new { activationCode = code, commandId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        return await ReadACardAsync(facilityId, Server.CreateClient((await activated.JsonAsync()).GetProperty("credential").GetString()!));
    }

    /// <summary>
    /// Step 4 of the ministry's guide: a card read at <paramref name="facilityId"/> by <paramref name="device"/>. Returns once
    /// the facility's checklist shows it (the facility view is asynchronous), with the check's id.
    /// </summary>
    public async Task<string> ReadACardAsync(string facilityId, HttpClient device)
    {
        using var card = Cards.IssueCard();
        var id = Guid.NewGuid().ToString();
        var read = await device.PostAsJsonAsync($"/api/tenants/{Tenant}/verifications/{id}/card-read", new
        {
            commandId = Guid.NewGuid(),
            treatedAtFacilityId = facilityId,
            occurredAt = DateTimeOffset.UtcNow,
            certificateDer = Convert.ToBase64String(card.CertificateDer),
            readerSupportsExtendedApdu = true,
        });
        Assert.True(read.StatusCode == HttpStatusCode.Created, $"card read: {(int)read.StatusCode} {await read.Content.ReadAsStringAsync()}");
        await Eventually.TrueAsync(async () => CardReadStep(await FacilityAsync(facilityId)).GetProperty("done").GetBoolean(),
            $"the checklist of {facilityId} shows the card read");
        return id;
    }

    /// <summary>The checklist item of step 4, the first card read.</summary>
    public static JsonElement CardReadStep(JsonElement facility) =>
        facility.GetProperty("checklist").EnumerateArray().Single(i => i.GetProperty("step").GetString() == "first_card_read");

    /// <summary>Events of this group in the store: a refused command must leave this unchanged.</summary>
    public Task<long> EventCountAsync() =>
        Server.Database.ScalarAsync<long>($"select count(*) from myna_events.mt_events where type <> 'tombstone' and tenant_id = '{Tenant}'");

    public static string Id(JsonElement answer) => answer.GetProperty("id").GetString()!;
}

internal static class Bodies
{
    public static object Facility(string branchId, string kind, string? registrationNumber = null) => new
    {
        commandId = Guid.NewGuid(),
        branchId,
        kind,
        registrationNumber = registrationNumber ?? SampleRegistrationNumbers.Next(),
        name = $"Sakura {kind}",
        address = "1-1 Nishi-Shinjuku, Tokyo",
    };

    public static object ApplicationByNumber(int devices = 2) => new
    {
        commandId = Guid.NewGuid(),
        confirmationMethod = "registration_number_and_manager_birth_date",
        managerBirthDate = "1968-04-12",
        staffCount = 3,
        requestedDeviceCount = devices,
    };

    public static object Device(string kind = "pc_usb_reader", bool extended = true) => new
    {
        commandId = Guid.NewGuid(),
        kind,
        label = "Reception PC",
        readerSupportsExtendedApdu = extended,
    };
}
