using System.Net;
using System.Net.Http.Json;

namespace MynaEvents.Server.Tests.Facilities;

public sealed class DeviceRetirementTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task a_retired_device_loses_its_credential_and_its_unused_code()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var facility = await api.FacilityAsync(await api.BranchAsync(), "judo");
        await api.ApproveAsync(facility, await api.ApplyAsync(facility, devices: 3));
        var (activatedDevice, code) = await api.DeviceAsync(facility);
        var (waitingDevice, unusedCode) = await api.DeviceAsync(facility, "tablet_bluetooth_reader");
        var activation = await (await server.CreateClient().PostAsJsonAsync("/api/devices/activate", new { activationCode = code, commandId = Guid.NewGuid() })).JsonAsync();
        var device = server.CreateClient(activation.GetProperty("credential").GetString()!);
        var challenges = $"/api/tenants/{api.Tenant}/devices/{activatedDevice}/challenges";
        Assert.Equal(HttpStatusCode.Created, (await device.PostAsJsonAsync(challenges, new { commandId = Guid.NewGuid() })).StatusCode);

        await api.AcceptedAsync($"/facilities/{facility}/devices/{activatedDevice}/retirement", new { commandId = Guid.NewGuid(), reason = "lost on a home visit" });
        await api.AcceptedAsync($"/facilities/{facility}/devices/{waitingDevice}/retirement", new { commandId = Guid.NewGuid() });

        HttpJson.AssertProblem(await device.PostAsJsonAsync(challenges, new { commandId = Guid.NewGuid() }), 401);
        var refused = await server.CreateClient().PostAsJsonAsync("/api/devices/activate", new { activationCode = unusedCode, commandId = Guid.NewGuid() });
        HttpJson.AssertProblem(refused, 400);
        Assert.Equal("Activation code revoked", (await refused.JsonAsync()).GetProperty("title").GetString());
        var devices = (await api.FacilityAsync(facility)).GetProperty("devices").EnumerateArray().ToList();
        Assert.All(devices, d => Assert.False(d.GetProperty("active").GetBoolean()));
        Assert.Equal(0L, await server.Database.ScalarAsync<long>($"select count(*) from myna.facility_devices where tenant_id = '{api.Tenant}' and active"));
    }

    [Fact]
    public async Task a_resent_retirement_answers_the_same_and_revokes_again()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var (facility, device) = await api.EquippedAsync(await api.BranchAsync(), "ahaki");
        var body = new { commandId = Guid.NewGuid() };

        var first = await api.PostAsync($"/facilities/{facility}/devices/{device}/retirement", body);
        var resent = await api.PostAsync($"/facilities/{facility}/devices/{device}/retirement", body);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, resent.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await resent.Content.ReadAsStringAsync());
        await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/facilities/{facility}/devices/{device}/retirement", new { commandId = Guid.NewGuid() }),
            422, "deviceId", "device_retired");
    }

    [Fact]
    public async Task a_retired_device_frees_its_place_for_a_replacement()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var (facility, device) = await api.EquippedAsync(await api.BranchAsync(), "judo", devices: 1);
        await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/facilities/{facility}/devices", Bodies.Device()), 422, "facilityId", "device_limit_reached");

        await api.AcceptedAsync($"/facilities/{facility}/devices/{device}/retirement", new { commandId = Guid.NewGuid(), reason = "replaced" });

        var (replacement, _) = await api.DeviceAsync(facility, "pc_bluetooth_reader");
        Assert.NotEqual(device, replacement);
    }
}
