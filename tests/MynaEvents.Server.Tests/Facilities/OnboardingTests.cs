using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MynaEvents.Server.Tests.Facilities;

public sealed class OnboardingTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task a_facility_goes_from_registration_to_operating_and_then_meets_its_obligation()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var branch = await api.BranchAsync();
        var facility = await api.FacilityAsync(branch, "judo", " 協２８０４４４０－０－０ ");

        var fresh = await api.FacilityAsync(facility);
        Assert.Equal("協2804440-0-0", fresh.GetProperty("registrationNumber").GetString());
        Assert.Equal("usage_application_submitted", fresh.GetProperty("nextStep").GetString());
        Assert.Equal("required_not_met", fresh.GetProperty("obligation").GetProperty("state").GetString());

        var application = await api.ApplyAsync(facility, devices: 2);
        Assert.Equal("usage_application_approved", (await api.FacilityAsync(facility)).GetProperty("nextStep").GetString());
        await api.ApproveAsync(facility, application);
        var (device, code) = await api.DeviceAsync(facility, "smartphone_nfc");
        Assert.Equal("first_card_read", (await api.FacilityAsync(facility)).GetProperty("nextStep").GetString());

        // The guide's order: a card read with the app (step 4) before the operation start date (step 5).
        await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/facilities/{facility}/operation-start-date",
            new { commandId = Guid.NewGuid(), startDate = FacilitiesApi.Today }), 422, "facilityId", "no_card_read");

        // The activation code is the real one: the app exchanges it for the device's credential, and reads a card.
        var activated = await server.CreateClient().PostAsJsonAsync("/api/devices/activate", new { activationCode = code, commandId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        var credential = await activated.JsonAsync();
        Assert.Equal((device, facility), (credential.GetProperty("deviceId").GetString(), credential.GetProperty("facilityId").GetString()));
        await api.ReadACardAsync(facility, server.CreateClient(credential.GetProperty("credential").GetString()!));
        Assert.Equal("operation_start_date_registered", (await api.FacilityAsync(facility)).GetProperty("nextStep").GetString());
        await api.StartAsync(facility, FacilitiesApi.Today);

        var operating = await api.FacilityAsync(facility);
        Assert.Equal(JsonValueKind.Null, operating.GetProperty("nextStep").ValueKind);
        Assert.All(operating.GetProperty("checklist").EnumerateArray(), step => Assert.True(step.GetProperty("done").GetBoolean()));
        Assert.Equal("met_by_own", operating.GetProperty("obligation").GetProperty("state").GetString());
        Assert.Equal(FacilitiesApi.Iso(FacilitiesApi.Today), operating.GetProperty("operationStartDate").GetString());
        var listed = Assert.Single(operating.GetProperty("devices").EnumerateArray());
        Assert.Equal((device, "smartphone_nfc", true),
            (listed.GetProperty("deviceId").GetString(), listed.GetProperty("kind").GetString(), listed.GetProperty("active").GetBoolean()));
        Assert.Equal(2, operating.GetProperty("deviceAllowance").GetInt32());
        Assert.Equal(4, operating.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task the_managers_birth_date_is_checked_but_stored_nowhere()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var facility = await api.FacilityAsync(await api.BranchAsync(), "ahaki");

        await api.ApplyAsync(facility);

        var view = await api.FacilityAsync(facility);
        var application = Assert.Single(view.GetProperty("applications").EnumerateArray());
        Assert.Equal("registration_number_and_manager_birth_date", application.GetProperty("confirmationMethod").GetString());
        Assert.DoesNotContain("1968-04-12", view.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0L, await server.Database.ScalarAsync<long>("select count(*) from myna_events.mt_events where type <> 'tombstone' and data::text like '%1968-04-12%'"));
    }

    [Fact]
    public async Task an_application_by_approval_notice_records_the_notice_reference()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var facility = await api.FacilityAsync(await api.BranchAsync(), "judo");

        await api.AcceptedAsync($"/facilities/{facility}/usage-applications", new
        {
            commandId = Guid.NewGuid(),
            confirmationMethod = "approval_notice",
            approvalNoticeReference = "uploads/2024/notice-17.pdf",
            staffCount = 1,
            requestedDeviceCount = 20,
        });

        var application = Assert.Single((await api.FacilityAsync(facility)).GetProperty("applications").EnumerateArray());
        Assert.Equal(("approval_notice", 20), (application.GetProperty("confirmationMethod").GetString(), application.GetProperty("requestedDeviceCount").GetInt32()));
    }

    [Fact]
    public async Task a_start_date_still_ahead_is_registered_but_meets_the_obligation_only_from_that_day()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var (facility, device) = await api.EquippedAsync(await api.BranchAsync(), "judo");
        await api.ReadACardAsync(facility, device);

        await api.StartAsync(facility, FacilitiesApi.Today.AddDays(7));

        var view = await api.FacilityAsync(facility);
        Assert.Equal("required_not_met", view.GetProperty("obligation").GetProperty("state").GetString());
        var step = view.GetProperty("checklist").EnumerateArray().Last();
        Assert.True(step.GetProperty("done").GetBoolean());
        Assert.Contains("counts from", step.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_group_lists_its_branches_with_each_facilitys_next_step_and_obligation()
    {
        var api = await FacilitiesApi.NewGroupAsync(server, "Momiji Group");
        var shinjuku = await api.BranchAsync("Shinjuku");
        var shibuya = await api.BranchAsync("Shibuya");
        var (judo, _) = await api.OperatingAsync(shinjuku, "judo");
        var ahaki = await api.FacilityAsync(shinjuku, "ahaki");

        var group = await api.GetAsync("/facilities");

        Assert.Equal(("Momiji Group", 5L), (group.GetProperty("name").GetString(), group.GetProperty("version").GetInt64()));
        var branches = group.GetProperty("branches").EnumerateArray().ToList();
        Assert.Equal([shinjuku, shibuya], branches.Select(b => b.GetProperty("branchId").GetString()));
        var facilities = branches[0].GetProperty("facilities").EnumerateArray().ToDictionary(f => f.GetProperty("facilityId").GetString()!);
        Assert.Equal("met_by_own", facilities[judo].GetProperty("obligation").GetProperty("state").GetString());
        Assert.Equal("required_not_met", facilities[ahaki].GetProperty("obligation").GetProperty("state").GetString());
        Assert.Equal("usage_application_submitted", facilities[ahaki].GetProperty("nextStep").GetString());
        Assert.Empty(branches[1].GetProperty("facilities").EnumerateArray());
    }

    [Fact]
    public async Task an_auditor_reads_the_group_and_may_not_change_it()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var facility = await api.FacilityAsync(await api.BranchAsync(), "judo");
        var auditor = server.CreateClient(await FacilitiesApi.TokenAsync(server, api.Tenant, "auditor"));

        Assert.Equal(facility, (await api.GetAsync($"/facilities/{facility}", auditor)).GetProperty("facilityId").GetString());
        var before = await api.EventCountAsync();
        HttpJson.AssertProblem(await api.PostAsync($"/facilities/{facility}/usage-applications", Bodies.ApplicationByNumber(), auditor), 403);
        Assert.Equal(before, await api.EventCountAsync());
    }

    [Fact]
    public async Task a_group_administrator_acts_only_in_their_own_group_and_creates_no_groups()
    {
        var ours = await FacilitiesApi.NewGroupAsync(server);
        var theirs = await FacilitiesApi.NewGroupAsync(server);
        var facility = await theirs.FacilityAsync(await theirs.BranchAsync(), "judo");

        HttpJson.AssertProblem(await ours.Admin.GetAsync($"/api/tenants/{theirs.Tenant}/facilities/{facility}"), 403);
        HttpJson.AssertProblem(await ours.Admin.PostAsJsonAsync($"/api/tenants/{theirs.Tenant}/branches", new { commandId = Guid.NewGuid(), name = "x", address = "y" }), 403);
        await Refused.NothingWrittenAsync(ours, () => ours.PostAsync("/group", new { commandId = Guid.NewGuid(), name = "Again" }),
            403, "tenantId", "platform_admin_only");
        HttpJson.AssertProblem(await server.CreateClient().GetAsync($"/api/tenants/{ours.Tenant}/facilities"), 401);
    }

    [Fact]
    public async Task a_group_is_created_once()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);

        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/group", new { commandId = Guid.NewGuid(), name = "Again" }, api.Platform),
            422, "tenantId", "group_exists");
        HttpJson.AssertProblem(await api.Admin.GetAsync($"/api/tenants/{api.Tenant}x/facilities"), 403);
        HttpJson.AssertProblem(await api.Platform.GetAsync("/api/tenants/no-such-group/facilities"), 404);
    }

    [Fact]
    public async Task the_openapi_document_describes_the_facility_endpoints()
    {
        var document = await (await server.CreateClient().GetAsync("/openapi/v1.json")).JsonAsync();

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/tenants/{tenantId}/facilities/{facilityId}/devices").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/tenants/{tenantId}/colocations").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/tenants/{tenantId}/facilities/{facilityId}").TryGetProperty("get", out _));
    }
}
