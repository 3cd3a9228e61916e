using System.Net;
using System.Text.Json;
using MynaEvents.Server.Tests.Facilities;

namespace MynaEvents.Server.Tests.Dashboard;

public sealed class DashboardTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    /// <summary>
    /// A branch holds at most one judo and one ahaki facility, so the six states take three branches,
    /// plus one branch without facilities:
    /// Shinjuku — judo operating (ready, primary), ahaki met by co-location (never applied);
    /// Shibuya — judo applied only (not met), ahaki exempt: closure_or_suspension;
    /// Ikebukuro — judo exempt: all_practitioners_70_or_older, ahaki applied with a start date still ahead (not met);
    /// Ueno — no facilities.
    /// </summary>
    private static async Task<(FacilitiesApi Api, string Shinjuku, string Shibuya, string Ikebukuro, string Ueno, string AnyFacility)> GroupInEveryStateAsync(ServerFactory server)
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var shinjuku = await api.BranchAsync("Shinjuku");
        var shibuya = await api.BranchAsync("Shibuya");
        var ikebukuro = await api.BranchAsync("Ikebukuro");
        var ueno = await api.BranchAsync("Ueno");

        var (operating, device) = await api.OperatingAsync(shinjuku, "judo");
        var secondary = await api.FacilityAsync(shinjuku, "ahaki");
        await api.AcceptedAsync("/colocations", new { commandId = Guid.NewGuid(), facilityIds = new[] { operating, secondary }, primaryFacilityId = operating, sharedDeviceIds = new[] { device } });

        await api.ApplyAsync(await api.FacilityAsync(shibuya, "judo"));
        var closing = await api.FacilityAsync(shibuya, "ahaki");
        await api.AcceptedAsync($"/facilities/{closing}/exemptions", new { commandId = Guid.NewGuid(), reason = "closure_or_suspension", plannedDate = "2025-12-02" });

        var elderly = await api.FacilityAsync(ikebukuro, "judo");
        await api.AcceptedAsync($"/facilities/{elderly}/exemptions", new { commandId = Guid.NewGuid(), reason = "all_practitioners_70_or_older" });
        var (upcoming, upcomingDevice) = await api.EquippedAsync(ikebukuro, "ahaki");
        await api.ReadACardAsync(upcoming, upcomingDevice);
        await api.StartAsync(upcoming, FacilitiesApi.Today.AddDays(10));

        return (api, shinjuku, shibuya, ikebukuro, ueno, operating);
    }

    /// <summary>One row as text: "facilities | applied | ready | colocation | exempt (70+, visual, closure, billing) | not met".</summary>
    private static string Row(JsonElement row)
    {
        static string S(JsonElement share) => $"{share.GetProperty("count").GetInt32()}={share.GetProperty("percent").GetRawText()}";
        var exempt = row.GetProperty("exempt");
        var reasons = exempt.GetProperty("byReason");
        return $"{row.GetProperty("facilities").GetInt32()} | {S(row.GetProperty("applied"))} | {S(row.GetProperty("ready"))} | "
            + $"{S(row.GetProperty("metByColocation"))} | {S(exempt)} ({S(reasons.GetProperty("all_practitioners_70_or_older"))}, "
            + $"{S(reasons.GetProperty("visual_impairment"))}, {S(reasons.GetProperty("closure_or_suspension"))}, "
            + $"{S(reasons.GetProperty("stops_delegated_billing"))}) | {S(row.GetProperty("requiredNotMet"))}";
    }

    private static (string Judo, string Ahaki, string All) Table(JsonElement figures) =>
        (Row(figures.GetProperty("judo")), Row(figures.GetProperty("ahaki")), Row(figures.GetProperty("all")));

    private static JsonElement Branch(JsonElement dashboard, string branchId) =>
        dashboard.GetProperty("branches").EnumerateArray().Single(b => b.GetProperty("branchId").GetString() == branchId).GetProperty("figures");

    [Fact]
    public async Task the_dashboard_counts_each_branch_and_the_group_by_kind_like_the_ministrys_table()
    {
        var (api, shinjuku, shibuya, ikebukuro, ueno, _) = await GroupInEveryStateAsync(server);

        var dashboard = await api.GetAsync("/dashboard");

        Assert.Equal(FacilitiesApi.Iso(FacilitiesApi.Today), dashboard.GetProperty("asOf").GetString());
        Assert.Equal((
                "1 | 1=100.0 | 1=100.0 | 0=0.0 | 0=0.0 (0=0.0, 0=0.0, 0=0.0, 0=0.0) | 0=0.0",
                "1 | 0=0.0 | 0=0.0 | 1=100.0 | 0=0.0 (0=0.0, 0=0.0, 0=0.0, 0=0.0) | 0=0.0",
                "2 | 1=50.0 | 1=50.0 | 1=50.0 | 0=0.0 (0=0.0, 0=0.0, 0=0.0, 0=0.0) | 0=0.0"),
            Table(Branch(dashboard, shinjuku)));
        Assert.Equal((
                "1 | 1=100.0 | 0=0.0 | 0=0.0 | 0=0.0 (0=0.0, 0=0.0, 0=0.0, 0=0.0) | 1=100.0",
                "1 | 0=0.0 | 0=0.0 | 0=0.0 | 1=100.0 (0=0.0, 0=0.0, 1=100.0, 0=0.0) | 0=0.0",
                "2 | 1=50.0 | 0=0.0 | 0=0.0 | 1=50.0 (0=0.0, 0=0.0, 1=50.0, 0=0.0) | 1=50.0"),
            Table(Branch(dashboard, shibuya)));
        Assert.Equal((
                "1 | 0=0.0 | 0=0.0 | 0=0.0 | 1=100.0 (1=100.0, 0=0.0, 0=0.0, 0=0.0) | 0=0.0",
                "1 | 1=100.0 | 0=0.0 | 0=0.0 | 0=0.0 (0=0.0, 0=0.0, 0=0.0, 0=0.0) | 1=100.0",
                "2 | 1=50.0 | 0=0.0 | 0=0.0 | 1=50.0 (1=50.0, 0=0.0, 0=0.0, 0=0.0) | 1=50.0"),
            Table(Branch(dashboard, ikebukuro)));
        var none = "0 | 0=0.0 | 0=0.0 | 0=0.0 | 0=0.0 (0=0.0, 0=0.0, 0=0.0, 0=0.0) | 0=0.0";
        Assert.Equal((none, none, none), Table(Branch(dashboard, ueno)));
        Assert.Equal((
                "3 | 2=66.7 | 1=33.3 | 0=0.0 | 1=33.3 (1=33.3, 0=0.0, 0=0.0, 0=0.0) | 1=33.3",
                "3 | 1=33.3 | 0=0.0 | 1=33.3 | 1=33.3 (0=0.0, 0=0.0, 1=33.3, 0=0.0) | 1=33.3",
                "6 | 3=50.0 | 1=16.7 | 1=16.7 | 2=33.3 (1=16.7, 0=0.0, 1=16.7, 0=0.0) | 2=33.3"),
            Table(dashboard.GetProperty("total")));
    }

    [Fact]
    public async Task the_dashboard_follows_the_facilities_as_they_change()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var branch = await api.BranchAsync();
        var (judo, device) = await api.EquippedAsync(branch, "judo");
        await api.ReadACardAsync(judo, device);
        var before = Table((await api.GetAsync("/dashboard")).GetProperty("total")).Judo;

        await api.StartAsync(judo, FacilitiesApi.Today);

        Assert.Equal("1 | 1=100.0 | 0=0.0 | 0=0.0 | 0=0.0 (0=0.0, 0=0.0, 0=0.0, 0=0.0) | 1=100.0", before);
        Assert.Equal("1 | 1=100.0 | 1=100.0 | 0=0.0 | 0=0.0 (0=0.0, 0=0.0, 0=0.0, 0=0.0) | 0=0.0",
            Table((await api.GetAsync("/dashboard")).GetProperty("total")).Judo);
    }

    [Fact]
    public async Task an_auditor_reads_the_dashboard_but_reception_staff_and_other_groups_are_forbidden()
    {
        var (api, _, _, _, _, facility) = await GroupInEveryStateAsync(server);
        var auditor = server.CreateClient(await FacilitiesApi.TokenAsync(server, api.Tenant, "auditor"));
        var staff = server.CreateClient(await FacilitiesApi.TokenAsync(server, api.Tenant, "reception_staff", facility));
        var other = await FacilitiesApi.NewGroupAsync(server, "Momiji Clinics");

        var read = await api.GetAsync("/dashboard", auditor);

        Assert.Equal(6, read.GetProperty("total").GetProperty("all").GetProperty("facilities").GetInt32());
        HttpJson.AssertProblem(await staff.GetAsync($"/api/tenants/{api.Tenant}/dashboard"), 403);
        HttpJson.AssertProblem(await other.Admin.GetAsync($"/api/tenants/{api.Tenant}/dashboard"), 403);
    }

    [Fact]
    public async Task a_group_that_was_never_created_has_no_dashboard()
    {
        var response = await server.AdminClient().GetAsync($"/api/tenants/g-{Guid.NewGuid():N}/dashboard");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await Refused.AssertAsync(response, 404, "tenantId");
    }
}
