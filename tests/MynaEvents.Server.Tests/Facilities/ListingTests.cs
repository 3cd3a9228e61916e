using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MynaEvents.Server.Tests.Security;

namespace MynaEvents.Server.Tests.Facilities;

/// <summary>The reads a client needs to find its way: the group's branches, a facility's devices with their state, the co-location declarations.</summary>
public sealed class ListingTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task the_branches_list_each_branch_with_its_facilities()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var shinjuku = await api.BranchAsync("新宿");
        var judo = await api.FacilityAsync(shinjuku, "judo");
        var ueno = await api.BranchAsync("上野");

        var listed = await api.GetAsync("/branches");

        var branches = listed.GetProperty("branches").EnumerateArray().ToDictionary(b => b.GetProperty("branchId").GetString()!);
        Assert.Equal(["新宿", "上野"], listed.GetProperty("branches").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        Assert.Equal([judo], branches[shinjuku].GetProperty("facilityIds").EnumerateArray().Select(f => f.GetString()));
        Assert.Empty(branches[ueno].GetProperty("facilityIds").EnumerateArray());
        Assert.Equal(4, listed.GetProperty("version").GetInt64()); // created, two branches, one facility
    }

    [Fact]
    public async Task a_facilitys_devices_show_whether_they_await_activation_read_cards_or_are_retired()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var facility = await api.FacilityAsync(await api.BranchAsync(), "judo");
        await api.ApproveAsync(facility, await api.ApplyAsync(facility, devices: 3));
        var (waiting, _) = await api.DeviceAsync(facility, "tablet_bluetooth_reader");
        var (active, code) = await api.DeviceAsync(facility);
        var (retired, _) = await api.DeviceAsync(facility, "smartphone_nfc");
        (await server.CreateClient().PostAsJsonAsync("/api/devices/activate", new { activationCode = code, commandId = Guid.NewGuid() })).EnsureSuccessStatusCode();
        await api.AcceptedAsync($"/facilities/{facility}/devices/{retired}/retirement", new { commandId = Guid.NewGuid(), reason = "壊れた" });
        using var auditor = server.CreateClient(await FacilitiesApi.TokenAsync(server, api.Tenant, "auditor"));

        var devices = (await api.GetAsync($"/facilities/{facility}/devices", auditor)).GetProperty("devices").EnumerateArray()
            .ToDictionary(d => d.GetProperty("deviceId").GetString()!);

        Assert.Equal(("awaiting_activation", JsonValueKind.Null), (State(devices[waiting]), devices[waiting].GetProperty("activatedAt").ValueKind));
        Assert.Equal(("active", JsonValueKind.String), (State(devices[active]), devices[active].GetProperty("activatedAt").ValueKind));
        Assert.Equal(("retired", JsonValueKind.String), (State(devices[retired]), devices[retired].GetProperty("retiredAt").ValueKind));
        Assert.Equal("tablet_bluetooth_reader", devices[waiting].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task co_location_declarations_are_listed_for_the_group_and_for_each_facility_in_force_and_withdrawn()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var branch = await api.BranchAsync();
        var (judo, device) = await api.OperatingAsync(branch, "judo");
        var ahaki = await api.FacilityAsync(branch, "ahaki");
        var other = await api.FacilityAsync(await api.BranchAsync("別院"), "judo");
        var first = FacilitiesApi.Id(await api.AcceptedAsync("/colocations",
            new { commandId = Guid.NewGuid(), facilityIds = new[] { judo, ahaki }, primaryFacilityId = judo, sharedDeviceIds = new[] { device } }));
        await api.AcceptedAsync($"/colocations/{first}/withdrawal", new { commandId = Guid.NewGuid() });
        var second = FacilitiesApi.Id(await api.AcceptedAsync("/colocations",
            new { commandId = Guid.NewGuid(), facilityIds = new[] { judo, ahaki }, primaryFacilityId = judo, sharedDeviceIds = new[] { device } }));

        var ofGroup = (await api.GetAsync("/colocations")).GetProperty("colocations").EnumerateArray().ToList();
        var ofAhaki = (await api.GetAsync($"/facilities/{ahaki}/colocations")).GetProperty("colocations").EnumerateArray().ToList();
        var ofOther = (await api.GetAsync($"/facilities/{other}/colocations")).GetProperty("colocations").EnumerateArray().ToList();

        Assert.Equal([(second, true), (first, false)], ofGroup.Select(c => (c.GetProperty("colocationId").GetString(), c.GetProperty("active").GetBoolean())));
        Assert.Equal([second, first], ofAhaki.Select(c => c.GetProperty("colocationId").GetString()));
        Assert.Empty(ofOther);
        Assert.Equal(JsonValueKind.String, ofGroup[1].GetProperty("withdrawnAt").ValueKind);
        Assert.Equal([device], ofGroup[0].GetProperty("sharedDeviceIds").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public async Task the_lists_of_a_group_never_created_or_of_another_groups_facility_are_404()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var them = await FacilitiesApi.NewGroupAsync(server);
        var theirs = await them.FacilityAsync(await them.BranchAsync(), "judo");
        using var platform = server.AdminClient();

        foreach (var path in new[] { "/api/tenants/never-created/branches", "/api/tenants/never-created/colocations", "/api/tenants/never-created/people",
                     $"/api/tenants/{api.Tenant}/facilities/{theirs}/devices", $"/api/tenants/{api.Tenant}/facilities/{theirs}/colocations" })
            HttpJson.AssertProblem(await platform.GetAsync(path), 404);
        Assert.Equal(HttpStatusCode.OK, (await platform.GetAsync($"/api/tenants/{api.Tenant}/branches")).StatusCode);
    }

    private static string State(JsonElement device) => device.GetProperty("state").GetString()!;
}
