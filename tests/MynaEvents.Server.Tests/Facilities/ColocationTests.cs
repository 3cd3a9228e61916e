using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Server.Features.Facilities.Directory;
using MynaEvents.Server.Security;

namespace MynaEvents.Server.Tests.Facilities;

public sealed class ColocationTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    private static object Declaration(string judo, string ahaki, string primary, params string[] devices) =>
        new { commandId = Guid.NewGuid(), facilityIds = new[] { judo, ahaki }, primaryFacilityId = primary, sharedDeviceIds = devices };

    private static string State(JsonElement facility) => facility.GetProperty("obligation").GetProperty("state").GetString()!;

    [Fact]
    public async Task the_secondary_of_a_declaration_meets_its_obligation_through_the_operating_primary_until_withdrawal()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var branch = await api.BranchAsync();
        var (judo, device) = await api.OperatingAsync(branch, "judo");
        var ahaki = await api.FacilityAsync(branch, "ahaki");
        Assert.Equal("required_not_met", State(await api.FacilityAsync(ahaki)));

        var declared = await api.AcceptedAsync("/colocations", Declaration(judo, ahaki, judo, device));
        var colocationId = FacilitiesApi.Id(declared);

        var secondary = await api.FacilityAsync(ahaki);
        Assert.Equal(("met_by_colocation", judo), (State(secondary), secondary.GetProperty("obligation").GetProperty("primaryFacilityId").GetString()));
        Assert.Equal(("secondary", judo), (secondary.GetProperty("colocation").GetProperty("role").GetString(),
            secondary.GetProperty("colocation").GetProperty("partnerFacilityId").GetString()));
        var primary = await api.FacilityAsync(judo);
        Assert.Equal(("met_by_own", "primary"), (State(primary), primary.GetProperty("colocation").GetProperty("role").GetString()));
        var lookup = server.Services.GetRequiredService<IGroupDirectory>();
        Assert.Equal(ahaki, await lookup.ActivePartnerAsync(api.Tenant, judo, default));

        var version = secondary.GetProperty("colocation").GetProperty("streamVersion").GetInt64();
        await api.AcceptedAsync($"/colocations/{colocationId}/withdrawal", new { commandId = Guid.NewGuid(), expectedVersion = version });

        var alone = await api.FacilityAsync(ahaki);
        Assert.Equal("required_not_met", State(alone));
        Assert.Equal(JsonValueKind.Null, alone.GetProperty("colocation").ValueKind);
        Assert.Null(await lookup.ActivePartnerAsync(api.Tenant, judo, default));
    }

    [Fact]
    public async Task the_secondarys_checklist_says_the_primary_covers_its_remaining_steps_alike_in_the_detail_and_the_list()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var branch = await api.BranchAsync();
        var (judo, device) = await api.OperatingAsync(branch, "judo");
        var ahaki = await api.FacilityAsync(branch, "ahaki");
        await api.ApproveAsync(ahaki, await api.ApplyAsync(ahaki)); // applied on its own before the declaration
        Assert.Equal("device_registered", (await api.FacilityAsync(ahaki)).GetProperty("nextStep").GetString());

        var declared = await api.AcceptedAsync("/colocations", Declaration(judo, ahaki, judo, device));

        var detail = await api.FacilityAsync(ahaki);
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("nextStep").ValueKind);
        Assert.Equal(judo, detail.GetProperty("onboardingCoveredBy").GetString());
        var steps = detail.GetProperty("checklist").EnumerateArray().ToList();
        Assert.Equal(
            ["usage_application_submitted:done", "usage_application_approved:done", $"device_registered:{judo}", $"first_card_read:{judo}", $"operation_start_date_registered:{judo}"],
            steps.Select(i => i.GetProperty("step").GetString() + ":" + (i.GetProperty("done").GetBoolean() ? "done" : i.GetProperty("coveredBy").GetString())));
        var listed = (await api.GetAsync("/facilities")).GetProperty("branches")[0].GetProperty("facilities").EnumerateArray()
            .Single(f => f.GetProperty("facilityId").GetString() == ahaki);
        Assert.Equal((JsonValueKind.Null, judo, true),
            (listed.GetProperty("nextStep").ValueKind, listed.GetProperty("onboardingCoveredBy").GetString(), listed.GetProperty("applied").GetBoolean()));
        // The primary's own checklist is its own.
        var primary = await api.FacilityAsync(judo);
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (primary.GetProperty("nextStep").ValueKind, primary.GetProperty("onboardingCoveredBy").ValueKind));

        var version = detail.GetProperty("colocation").GetProperty("streamVersion").GetInt64();
        await api.AcceptedAsync($"/colocations/{FacilitiesApi.Id(declared)}/withdrawal", new { commandId = Guid.NewGuid(), expectedVersion = version });
        var alone = await api.FacilityAsync(ahaki);
        Assert.Equal("device_registered", alone.GetProperty("nextStep").GetString());
        Assert.Equal(JsonValueKind.Null, alone.GetProperty("onboardingCoveredBy").ValueKind);
    }

    [Fact]
    public async Task a_primary_whose_start_date_is_still_ahead_covers_no_secondary_yet()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var branch = await api.BranchAsync();
        var (ahaki, device) = await api.EquippedAsync(branch, "ahaki");
        await api.ReadACardAsync(ahaki, device);
        await api.StartAsync(ahaki, FacilitiesApi.Today.AddDays(10));
        var judo = await api.FacilityAsync(branch, "judo");

        await api.AcceptedAsync("/colocations", Declaration(judo, ahaki, ahaki, device));

        Assert.Equal("required_not_met", State(await api.FacilityAsync(judo)));
        var listed = (await api.GetAsync("/facilities")).GetProperty("branches")[0].GetProperty("facilities").EnumerateArray()
            .Single(f => f.GetProperty("facilityId").GetString() == judo);
        Assert.Equal("required_not_met", listed.GetProperty("obligation").GetProperty("state").GetString());
        Assert.False(string.IsNullOrEmpty(listed.GetProperty("colocationId").GetString()));
    }

    [Fact]
    public async Task two_facilities_of_the_same_kind_or_of_different_branches_are_refused()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var (judo, device) = await api.EquippedAsync(await api.BranchAsync("Shinjuku"), "judo");
        var elsewhere = await api.BranchAsync("Shibuya");
        var otherJudo = await api.FacilityAsync(elsewhere, "judo");
        var otherAhaki = await api.FacilityAsync(elsewhere, "ahaki");

        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/colocations", Declaration(judo, otherJudo, judo, device)), 422, "facilityIds", "same_kind");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/colocations", Declaration(judo, otherAhaki, judo, device)), 422, "facilityIds", "different_branches");
    }

    [Fact]
    public async Task a_facility_of_another_group_is_unknown_here()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var (judo, device) = await api.EquippedAsync(await api.BranchAsync(), "judo");
        var other = await FacilitiesApi.NewGroupAsync(server);
        var foreign = await other.FacilityAsync(await other.BranchAsync(), "ahaki");

        var problem = await Refused.NothingWrittenAsync(api, () => api.PostAsync("/colocations", Declaration(judo, foreign, judo, device)), 422, "facilityIds", "unknown_facility");
        Assert.Contains(foreign, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_facility_already_in_an_active_declaration_is_refused_and_a_withdrawn_one_can_be_declared_again()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var branch = await api.BranchAsync();
        var (judo, device) = await api.EquippedAsync(branch, "judo");
        var ahaki = await api.FacilityAsync(branch, "ahaki");
        var first = FacilitiesApi.Id(await api.AcceptedAsync("/colocations", Declaration(judo, ahaki, judo, device)));

        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/colocations", Declaration(ahaki, judo, judo, device)), 422, "facilityIds", "already_colocated");

        await api.AcceptedAsync($"/colocations/{first}/withdrawal", new { commandId = Guid.NewGuid() });
        await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/colocations/{first}/withdrawal", new { commandId = Guid.NewGuid() }), 422, "colocationId", "colocation_withdrawn");
        await api.AcceptedAsync("/colocations", Declaration(ahaki, judo, judo, device));
    }

    [Fact]
    public async Task shared_devices_must_be_active_devices_of_the_pair_and_the_primary_must_have_introduced_online_confirmation()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var branch = await api.BranchAsync();
        var (judo, device) = await api.EquippedAsync(branch, "judo", devices: 3);
        var (retired, _) = await api.DeviceAsync(judo);
        await api.AcceptedAsync($"/facilities/{judo}/devices/{retired}/retirement", new { commandId = Guid.NewGuid() });
        var ahaki = await api.FacilityAsync(branch, "ahaki");

        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/colocations", Declaration(judo, ahaki, judo, retired)), 422, "sharedDeviceIds", "device_retired");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/colocations", Declaration(judo, ahaki, judo, "dev-nowhere")), 422, "sharedDeviceIds", "unknown_device");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/colocations", Declaration(judo, ahaki, ahaki, device)), 422, "primaryFacilityId", "primary_not_approved");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/colocations", Declaration(judo, ahaki, "fac-x", device)), 422, "primaryFacilityId", "primary_not_a_party");
        await Refused.AssertAsync(await api.PostAsync("/colocations/col-missing/withdrawal", new { commandId = Guid.NewGuid() }), 404, "colocationId");
    }

    [Fact]
    public async Task a_resent_declaration_answers_the_same_declaration()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var branch = await api.BranchAsync();
        var (judo, device) = await api.EquippedAsync(branch, "judo");
        var ahaki = await api.FacilityAsync(branch, "ahaki");
        var body = Declaration(judo, ahaki, judo, device);

        var first = await api.PostAsync("/colocations", body);
        var resent = await api.PostAsync("/colocations", body);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, resent.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await resent.Content.ReadAsStringAsync());
        Assert.Equal(1L, await server.Database.ScalarAsync<long>($"select count(*) from myna.facility_colocations where tenant_id = '{api.Tenant}'"));
    }

    [Fact]
    public async Task the_directory_answers_who_shared_with_whom_at_a_given_time()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var branch = await api.BranchAsync();
        var (judo, judoDevice) = await api.EquippedAsync(branch, "judo");
        var (ahaki, ahakiDevice) = await api.EquippedAsync(branch, "ahaki");
        var directory = server.Services.GetRequiredService<FacilityDirectory>();
        var colocationId = FacilitiesApi.Id(await api.AcceptedAsync("/colocations", Declaration(judo, ahaki, judo, judoDevice)));
        var declaration = (await directory.FindColocationAsync(api.Tenant, colocationId, default))!;
        var whileActive = declaration.DeclaredAt.AddTicks(1);

        Assert.True(await directory.DeviceMayServeAsync(api.Tenant, judoDevice, ahaki, default));
        Assert.False(await directory.DeviceMayServeAsync(api.Tenant, ahakiDevice, judo, default)); // not declared as shared
        await api.AcceptedAsync($"/colocations/{colocationId}/withdrawal", new { commandId = Guid.NewGuid() });

        Assert.Equal(ahaki, await directory.PartnerAtAsync(api.Tenant, judo, whileActive, default));
        Assert.Null(await directory.PartnerAtAsync(api.Tenant, judo, declaration.DeclaredAt.AddTicks(-1), default));
        var withdrawn = (await directory.FindColocationAsync(api.Tenant, colocationId, default))!;
        Assert.Null(await directory.PartnerAtAsync(api.Tenant, judo, withdrawn.WithdrawnAt!.Value, default));
        Assert.False(await directory.DeviceMayServeAsync(api.Tenant, judoDevice, ahaki, default));
        Assert.True(await directory.DeviceMayServeAsync(api.Tenant, judoDevice, judo, default));
    }
}
