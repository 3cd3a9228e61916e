using System.Net;

namespace MynaEvents.Server.Tests.Facilities;

public sealed class ObligationTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task a_declared_exemption_makes_the_facility_exempt_until_it_is_withdrawn()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var ahaki = await api.FacilityAsync(await api.BranchAsync(), "ahaki");

        await api.AcceptedAsync($"/facilities/{ahaki}/exemptions", new { commandId = Guid.NewGuid(), reason = "closure_or_suspension", plannedDate = "2025-12-02" });

        var exempt = (await api.FacilityAsync(ahaki)).GetProperty("obligation");
        Assert.Equal(("exempt", "closure_or_suspension", "2025-12-02"),
            (exempt.GetProperty("state").GetString(), exempt.GetProperty("exemptionReason").GetString(), exempt.GetProperty("plannedDate").GetString()));
        await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/facilities/{ahaki}/exemptions", new { commandId = Guid.NewGuid(), reason = "visual_impairment" }),
            422, "reason", "exemption_in_force");

        await api.AcceptedAsync($"/facilities/{ahaki}/exemptions/withdrawal", new { commandId = Guid.NewGuid() });
        Assert.Equal("required_not_met", (await api.FacilityAsync(ahaki)).GetProperty("obligation").GetProperty("state").GetString());
        var visual = await api.PostAsync($"/facilities/{ahaki}/exemptions", new { commandId = Guid.NewGuid(), reason = "visual_impairment" });
        Assert.Equal(HttpStatusCode.Created, visual.StatusCode);
    }

    [Fact]
    public async Task operating_online_confirmation_outranks_an_exemption()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var (judo, _) = await api.OperatingAsync(await api.BranchAsync(), "judo");

        await api.AcceptedAsync($"/facilities/{judo}/exemptions", new { commandId = Guid.NewGuid(), reason = "all_practitioners_70_or_older" });

        var view = await api.FacilityAsync(judo);
        Assert.Equal("met_by_own", view.GetProperty("obligation").GetProperty("state").GetString());
        Assert.Equal("all_practitioners_70_or_older", view.GetProperty("exemption").GetProperty("reason").GetString());
    }
}
