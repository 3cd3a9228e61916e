using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Server.Security;
using MynaEvents.Server.Tests.Facilities;
using MynaEvents.Server.Tests.Security;

namespace MynaEvents.Server.Tests.Contract;

/// <summary>
/// One clinic group with everything the API can name: a branch, an operating judo facility with
/// an activated device, an ahaki facility co-located with it and applying, a check begun at
/// reception, and the tokens of each kind of caller (a revoked one among them).
/// </summary>
internal sealed record FuzzGroup(
    string Tenant,
    string Branch,
    string Judo,
    string Ahaki,
    string Device,
    string Application,
    string Colocation,
    string Check,
    string Victim,
    string CertificateDer,
    IReadOnlyDictionary<string, string> Tokens)
{
    /// <summary>Who may call what differs per operation; these are the group's callers.</summary>
    public static readonly string[] Callers = ["platform", "group_admin", "auditor", "reception_staff", "device"];

    public static async Task<FuzzGroup> CreateAsync(ServerFactory server)
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var branch = await api.BranchAsync();
        var (judo, device) = await api.OperatingAsync(branch, "judo");
        var ahaki = await api.FacilityAsync(branch, "ahaki");
        var application = await api.ApplyAsync(ahaki);
        var colocation = FacilitiesApi.Id(await api.AcceptedAsync("/colocations",
            new { commandId = Guid.NewGuid(), facilityIds = new[] { judo, ahaki }, primaryFacilityId = judo, sharedDeviceIds = new[] { device } }));

        var code = await server.Services.GetRequiredService<IDeviceCredentials>().NewCodeAsync(api.Tenant, judo, device);
        var activated = await server.CreateClient().PostAsJsonAsync("/api/devices/activate", new { activationCode = code, commandId = Guid.NewGuid() });
        activated.EnsureSuccessStatusCode();
        var deviceToken = (await activated.JsonAsync()).GetProperty("credential").GetString()!;
        var check = await api.ReadACardAsync(judo, server.CreateClient(deviceToken));

        var platform = server.AdminClient();
        var revoked = await platform.CreatePersonAsync(api.Tenant, "auditor");
        (await platform.DeleteAsync($"/api/tenants/{api.Tenant}/people/{revoked.PersonId}")).EnsureSuccessStatusCode();
        var victim = await platform.CreatePersonAsync(api.Tenant, "auditor");
        using var card = api.Cards.IssueCard();

        return new FuzzGroup(api.Tenant, branch, judo, ahaki, device, application, colocation, check, victim.PersonId,
            Convert.ToBase64String(card.CertificateDer),
            new Dictionary<string, string>
            {
                ["platform"] = ServerFactory.BootstrapAdminToken,
                ["group_admin"] = (await platform.CreatePersonAsync(api.Tenant, "group_admin")).Token,
                ["auditor"] = (await platform.CreatePersonAsync(api.Tenant, "auditor")).Token,
                ["reception_staff"] = (await platform.CreatePersonAsync(api.Tenant, "reception_staff", judo)).Token,
                ["device"] = deviceToken,
                ["revoked"] = revoked.Token,
            });
    }
}
