using System.Net.Http.Json;
using MynaEvents.Testing;

namespace MynaEvents.Server.Tests.Facilities;

/// <summary>Each refusal is problem+json naming the field and the rule, and writes nothing.</summary>
public sealed class RefusalTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task a_reader_without_extended_apdu_is_refused_with_the_ministrys_requirement()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var facility = await api.FacilityAsync(await api.BranchAsync(), "judo");
        await api.ApproveAsync(facility, await api.ApplyAsync(facility));

        var problem = await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/facilities/{facility}/devices", Bodies.Device("tablet_bluetooth_reader", extended: false)),
            422, "readerSupportsExtendedApdu", "extended_apdu_required");

        Assert.Contains("拡張Lc/Le", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0L, await server.Database.ScalarAsync<long>($"select count(*) from myna.facility_devices where tenant_id = '{api.Tenant}'"));
    }

    [Fact]
    public async Task devices_come_only_after_approval_and_never_beyond_the_approved_count()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var facility = await api.FacilityAsync(await api.BranchAsync(), "ahaki");
        var application = await api.ApplyAsync(facility, devices: 1);

        await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/facilities/{facility}/devices", Bodies.Device()), 422, "facilityId", "usage_application_not_approved");
        await api.ApproveAsync(facility, application);
        await api.DeviceAsync(facility);
        await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/facilities/{facility}/devices", Bodies.Device()), 422, "facilityId", "device_limit_reached");
    }

    [Fact]
    public async Task an_application_breaking_the_portals_rules_is_refused()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var facility = await api.FacilityAsync(await api.BranchAsync(), "judo");
        var path = $"/facilities/{facility}/usage-applications";
        var minor = FacilitiesApi.Iso(FacilitiesApi.Today.AddYears(-17));

        await Refused.NothingWrittenAsync(api, () => api.PostAsync(path, new { commandId = Guid.NewGuid(), confirmationMethod = "registration_number_and_manager_birth_date", managerBirthDate = "1968-04-12", staffCount = 3, requestedDeviceCount = 21 }),
            422, "requestedDeviceCount", "requested_device_count_range");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync(path, new { commandId = Guid.NewGuid(), confirmationMethod = "registration_number_and_manager_birth_date", managerBirthDate = "1968-04-12", staffCount = 0, requestedDeviceCount = 2 }),
            422, "staffCount", "staff_count_range");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync(path, new { commandId = Guid.NewGuid(), confirmationMethod = "registration_number_and_manager_birth_date", staffCount = 3, requestedDeviceCount = 2 }),
            422, "managerBirthDate", "required");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync(path, new { commandId = Guid.NewGuid(), confirmationMethod = "registration_number_and_manager_birth_date", managerBirthDate = minor, staffCount = 3, requestedDeviceCount = 2 }),
            422, "managerBirthDate", "birth_date_not_plausible");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync(path, new { commandId = Guid.NewGuid(), confirmationMethod = "approval_notice", approvalNoticeReference = "n.pdf", managerBirthDate = "1968-04-12", staffCount = 3, requestedDeviceCount = 2 }),
            422, "managerBirthDate", "not_applicable");
        await api.ApplyAsync(facility);
        await Refused.NothingWrittenAsync(api, () => api.PostAsync(path, Bodies.ApplicationByNumber()), 422, "facilityId", "application_pending");
    }

    [Fact]
    public async Task a_branch_holds_one_facility_of_each_kind_and_a_number_names_one_facility()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var branch = await api.BranchAsync();
        var taken = SampleRegistrationNumbers.Next();
        await api.FacilityAsync(branch, "judo", taken);

        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/facilities", Bodies.Facility(branch, "judo")), 422, "kind", "branch_has_facility_of_kind");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/facilities", Bodies.Facility(branch, "ahaki", taken)), 422, "registrationNumber", "registration_number_taken");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/facilities", Bodies.Facility(branch, "ahaki", "1234567-0")), 422, "registrationNumber", "registration_number_format");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/facilities", Bodies.Facility(branch, "ahaki", "契123456")), 422, "registrationNumber", "registration_number_format");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/facilities", Bodies.Facility("br-nowhere", "ahaki")), 422, "branchId", "unknown_branch");
        Assert.Equal(1L, await server.Database.ScalarAsync<long>($"select count(*) from myna.facility_directory where tenant_id = '{api.Tenant}'"));
    }

    [Fact]
    public async Task exemptions_are_refused_outside_the_ministrys_reasons()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var judo = await api.FacilityAsync(await api.BranchAsync(), "judo");
        var path = $"/facilities/{judo}/exemptions";

        var problem = await Refused.NothingWrittenAsync(api, () => api.PostAsync(path, new { commandId = Guid.NewGuid(), reason = "visual_impairment" }),
            422, "reason", "visual_impairment_is_ahaki_only");
        Assert.Contains("あはき", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Refused.NothingWrittenAsync(api, () => api.PostAsync(path, new { commandId = Guid.NewGuid(), reason = "closure_or_suspension", plannedDate = "2025-12-03" }),
            422, "plannedDate", "planned_date_after_deadline");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync(path, new { commandId = Guid.NewGuid(), reason = "stops_delegated_billing" }),
            422, "plannedDate", "planned_date_required");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync($"{path}/withdrawal", new { commandId = Guid.NewGuid() }), 422, "facilityId", "no_exemption");
    }

    [Fact]
    public async Task the_start_date_waits_for_an_active_device()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var facility = await api.FacilityAsync(await api.BranchAsync(), "judo");
        await api.ApproveAsync(facility, await api.ApplyAsync(facility));

        await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/facilities/{facility}/operation-start-date", new { commandId = Guid.NewGuid(), startDate = FacilitiesApi.Today }),
            422, "facilityId", "no_active_device");
    }

    [Fact]
    public async Task malformed_commands_are_refused_before_any_rule_is_asked()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var branch = await api.BranchAsync();

        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/facilities", new { branchId = branch, kind = "judo", registrationNumber = SampleRegistrationNumbers.Next(), name = "n", address = "a" }),
            400, "commandId", "required");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/facilities", new { commandId = Guid.NewGuid(), expectedVersion = -1, branchId = branch, kind = "judo", registrationNumber = SampleRegistrationNumbers.Next(), name = "n", address = "a" }),
            400, "expectedVersion", "expected_version_range");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/facilities", new { commandId = Guid.NewGuid(), branchId = branch, kind = "karate", registrationNumber = SampleRegistrationNumbers.Next(), name = "n", address = "a" }),
            400, "kind");
        // A field we do not know is refused, never silently dropped (it could carry personal data).
        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/branches", new { commandId = Guid.NewGuid(), name = "n", address = "a", individualNumber = "123456789012" }),
            400, "individualNumber");
    }

    [Fact]
    public async Task an_unknown_facility_or_application_is_404()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var facility = await api.FacilityAsync(await api.BranchAsync(), "judo");

        await Refused.AssertAsync(await api.Admin.GetAsync($"/api/tenants/{api.Tenant}/facilities/fac-missing"), 404, "facilityId");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/facilities/fac-missing/devices", Bodies.Device()), 404, "facilityId", "unknown_facility");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/facilities/{facility}/usage-applications/app-missing/approval", new { commandId = Guid.NewGuid() }),
            404, "applicationId", "unknown_application");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/facilities/{facility}/devices/dev-missing/retirement", new { commandId = Guid.NewGuid() }),
            404, "deviceId", "unknown_device");
    }
}
