using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MynaEvents.Server.Tests.Facilities;

public sealed class IdempotencyTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task a_resent_command_gets_the_same_answer_and_writes_nothing()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var body = Bodies.Facility(await api.BranchAsync(), "ahaki");

        var first = await api.PostAsync("/facilities", body);
        var events = await api.EventCountAsync();
        var resent = await api.PostAsync("/facilities", body);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, resent.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await resent.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, resent.Headers.Location);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(["true"], resent.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(["FacilityRegistered"], (await resent.JsonAsync()).GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(events, await api.EventCountAsync());
        Assert.Equal(1L, await server.Database.ScalarAsync<long>($"select count(*) from myna.facility_directory where tenant_id = '{api.Tenant}'"));
    }

    [Fact]
    public async Task a_command_sent_several_times_at_once_is_written_once_and_a_send_that_lost_the_race_is_told_to_resend()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var body = new { commandId = Guid.NewGuid(), name = "Ikebukuro", address = "東京都豊島区" };
        var before = await api.EventCountAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => api.PostAsync("/branches", body)));

        Assert.Equal(before + 1, await api.EventCountAsync());
        var created = answers.Where(a => a.StatusCode == HttpStatusCode.Created).ToList();
        Assert.NotEmpty(created);
        var first = await created[0].Content.ReadAsStringAsync();
        foreach (var answer in created) Assert.Equal(first, await answer.Content.ReadAsStringAsync());
        foreach (var lost in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            HttpJson.AssertProblem(lost, 409);
            Assert.Equal("command_in_flight", (await lost.JsonAsync()).GetProperty("rule").GetString());
        }
        var resent = await api.PostAsync("/branches", body);
        Assert.Equal(first, await resent.Content.ReadAsStringAsync());
        Assert.Equal(["true"], resent.Headers.GetValues("Idempotent-Replayed"));
    }

    [Fact]
    public async Task a_resend_whose_decision_would_now_be_refused_still_gets_the_first_answer()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var facility = await api.FacilityAsync(await api.BranchAsync(), "judo");
        var body = Bodies.ApplicationByNumber();

        var first = await api.PostAsync($"/facilities/{facility}/usage-applications", body);
        var resent = await api.PostAsync($"/facilities/{facility}/usage-applications", body);

        // A second application would be refused (one is pending), but this is the same command.
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, resent.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await resent.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task a_resent_device_registration_answers_the_same_activation_code_which_still_works()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var facility = await api.FacilityAsync(await api.BranchAsync(), "judo");
        await api.ApproveAsync(facility, await api.ApplyAsync(facility, devices: 1));
        var body = Bodies.Device();

        var first = await api.PostAsync($"/facilities/{facility}/devices", body);
        var resent = await api.PostAsync($"/facilities/{facility}/devices", body);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, resent.StatusCode));
        Assert.Equal("no-store", resent.Headers.CacheControl?.ToString());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await resent.Content.ReadAsStringAsync());
        var code = (await resent.JsonAsync()).GetProperty("activationCode").GetString();
        Assert.Equal(HttpStatusCode.OK, (await server.CreateClient().PostAsJsonAsync("/api/devices/activate", new { activationCode = code, commandId = Guid.NewGuid() })).StatusCode);
        Assert.Single((await api.FacilityAsync(facility)).GetProperty("devices").EnumerateArray());
        Assert.Equal(1L, await server.Database.ScalarAsync<long>(
            $"select count(*) from myna.security_activation_codes where tenant_id = '{api.Tenant}'"));
    }

    [Fact]
    public async Task a_reissued_activation_code_replaces_the_unused_one_and_its_resend_answers_the_same_code()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var facility = await api.FacilityAsync(await api.BranchAsync(), "judo");
        await api.ApproveAsync(facility, await api.ApplyAsync(facility, devices: 1));
        var (device, oldCode) = await api.DeviceAsync(facility);
        var body = new { commandId = Guid.NewGuid() };

        var first = await api.PostAsync($"/facilities/{facility}/devices/{device}/activation-codes", body);
        var resent = await api.PostAsync($"/facilities/{facility}/devices/{device}/activation-codes", body);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, resent.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await resent.Content.ReadAsStringAsync());
        Assert.Equal(["true"], resent.Headers.GetValues("Idempotent-Replayed"));
        var newCode = (await first.JsonAsync()).GetProperty("activationCode").GetString();
        Assert.NotEqual(oldCode, newCode);
        HttpJson.AssertProblem(await server.CreateClient().PostAsJsonAsync("/api/devices/activate", new { activationCode = oldCode, commandId = Guid.NewGuid() }), 400);
        Assert.Equal(HttpStatusCode.OK, (await server.CreateClient().PostAsJsonAsync("/api/devices/activate", new { activationCode = newCode, commandId = Guid.NewGuid() })).StatusCode);
    }

    [Fact]
    public async Task a_stale_expected_version_is_a_409_conflict_and_writes_nothing()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var facility = await api.FacilityAsync(await api.BranchAsync(), "judo");
        var version = (await api.FacilityAsync(facility)).GetProperty("version").GetInt64();
        Assert.Equal(0, version);

        var accepted = await api.PostAsync($"/facilities/{facility}/usage-applications",
            new { commandId = Guid.NewGuid(), expectedVersion = 0, confirmationMethod = "approval_notice", approvalNoticeReference = "n.pdf", staffCount = 2, requestedDeviceCount = 1 });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);

        var problem = await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/facilities/{facility}/exemptions",
            new { commandId = Guid.NewGuid(), expectedVersion = 0, reason = "all_practitioners_70_or_older" }), 409, "expectedVersion");
        Assert.Equal(1, problem.GetProperty("actualVersion").GetInt64());
        var current = await api.PostAsync($"/facilities/{facility}/exemptions", new { commandId = Guid.NewGuid(), expectedVersion = 1, reason = "all_practitioners_70_or_older" });
        Assert.Equal(HttpStatusCode.Created, current.StatusCode);
    }

    [Fact]
    public async Task a_command_id_already_used_for_another_facility_is_refused()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var branch = await api.BranchAsync();
        var judo = await api.FacilityAsync(branch, "judo");
        var ahaki = await api.FacilityAsync(branch, "ahaki");
        var body = new { commandId = Guid.NewGuid(), reason = "all_practitioners_70_or_older" };
        await api.AcceptedAsync($"/facilities/{judo}/exemptions", body);

        var before = await api.EventCountAsync();
        var reused = await api.PostAsync($"/facilities/{ahaki}/exemptions", body);

        HttpJson.AssertProblem(reused, 422);
        Assert.Equal("commandId", (await reused.JsonAsync()).GetProperty("field").GetString());
        Assert.Equal(before, await api.EventCountAsync());
        Assert.Equal(JsonValueKind.Null, (await api.FacilityAsync(ahaki)).GetProperty("exemption").ValueKind);
    }
}
