using System.Net;
using System.Net.Http.Json;
using static MynaEvents.Server.Tests.HttpJson;
using MynaEvents.Testing;

namespace MynaEvents.Server.Tests.Security;

/// <summary>
/// The state-changing requests outside the event log — people, their tokens, device activation,
/// PIN challenges, projection rebuilds — are idempotent by commandId too: a resend gets the first
/// answer (the very same token or credential, although only its hash is kept) and writes nothing.
/// </summary>
public sealed class IdempotentSecurityCommandTests(SecurityServer server) : IClassFixture<SecurityServer>
{
    private const string Tenant = "idem-a";

    [Fact]
    public async Task a_resent_person_creation_answers_the_same_person_and_token_and_creates_nobody()
    {
        var admin = server.AdminClient();
        await admin.EnsureFacilityAsync(Tenant, "fac-idem");
        var body = new { commandId = Guid.NewGuid(), displayName = "受付 一郎", role = "reception_staff", facilityId = "fac-idem" };

        var first = await admin.PostAsJsonAsync($"/api/tenants/{Tenant}/people", body);
        var resent = await admin.PostAsJsonAsync($"/api/tenants/{Tenant}/people", body);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, resent.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await resent.Content.ReadAsStringAsync());
        Assert.Equal(["true"], resent.Headers.GetValues("Idempotent-Replayed"));
        var created = await first.JsonAsync();
        Assert.Equal(1L, await server.Database.ScalarAsync<long>(
            $"select count(*) from myna.security_people where tenant_id = '{Tenant}' and display_name = '受付 一郎'"));
        // The repeated token is the live one: it works.
        Assert.Equal(HttpStatusCode.OK, (await server.CreateClient(created.GetProperty("token").GetString()!)
            .GetAsync($"/api/tenants/{Tenant}/facilities/fac-idem/checks")).StatusCode);
    }

    [Fact]
    public async Task a_person_command_id_sent_again_with_another_body_or_by_someone_else_is_refused()
    {
        var admin = server.AdminClient();
        await admin.EnsureGroupAsync(Tenant);
        var commandId = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/tenants/{Tenant}/people",
            new { commandId, displayName = "監査 花子", role = "auditor" })).StatusCode);
        var otherAdmin = server.CreateClient((await admin.CreatePersonAsync(Tenant, "group_admin")).Token);

        var otherBody = await admin.PostAsJsonAsync($"/api/tenants/{Tenant}/people", new { commandId, displayName = "別人", role = "auditor" });
        var otherSender = await otherAdmin.PostAsJsonAsync($"/api/tenants/{Tenant}/people", new { commandId, displayName = "監査 花子", role = "auditor" });

        AssertProblem(otherBody, 422);
        AssertProblem(otherSender, 422);
        Assert.Equal("command_id_reused", (await otherSender.JsonAsync()).GetProperty("rule").GetString());
        Assert.Equal(0L, await server.Database.ScalarAsync<long>($"select count(*) from myna.security_people where tenant_id = '{Tenant}' and display_name = '別人'"));
    }

    [Fact]
    public async Task a_resent_token_rotation_answers_the_same_token_and_rotates_once()
    {
        var admin = server.AdminClient();
        var auditor = await admin.CreatePersonAsync(Tenant, "auditor");
        var body = new { commandId = Guid.NewGuid() };

        var first = await admin.PostAsJsonAsync($"/api/tenants/{Tenant}/people/{auditor.PersonId}/token", body);
        var resent = await admin.PostAsJsonAsync($"/api/tenants/{Tenant}/people/{auditor.PersonId}/token", body);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, resent.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await resent.Content.ReadAsStringAsync());
        Assert.Equal(2L, await server.Database.ScalarAsync<long>(
            $"select count(*) from myna.security_credentials where tenant_id = '{Tenant}' and subject_id = '{auditor.PersonId}'"));
        var token = (await resent.JsonAsync()).GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await server.CreateClient(token).GetAsync($"/api/tenants/{Tenant}/people")).StatusCode);
    }

    [Fact]
    public async Task an_activation_whose_answer_was_lost_is_resent_and_gets_the_same_credential()
    {
        var code = await server.Devices.NewCodeAsync(Tenant, "fac-idem", "reader-lost-answer");
        var body = new { activationCode = code, commandId = Guid.NewGuid() };

        var first = await server.CreateClient().PostAsJsonAsync("/api/devices/activate", body);
        var resent = await server.CreateClient().PostAsJsonAsync("/api/devices/activate", body);
        var anotherCommand = await server.CreateClient().PostAsJsonAsync("/api/devices/activate", new { activationCode = code, commandId = Guid.NewGuid() });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, resent.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await resent.Content.ReadAsStringAsync());
        Assert.Equal(["true"], resent.Headers.GetValues("Idempotent-Replayed"));
        AssertProblem(anotherCommand, 409);
        var credential = (await resent.JsonAsync()).GetProperty("credential").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await server.AskChallengeAsync(credential, Tenant, "reader-lost-answer")).StatusCode);
        Assert.Equal(1L, await server.Database.ScalarAsync<long>(
            $"select count(*) from myna.security_credentials where tenant_id = '{Tenant}' and subject_id = 'reader-lost-answer'"));
    }

    [Fact]
    public async Task resent_challenge_requests_answer_the_same_challenges_and_issue_no_more()
    {
        var token = await server.DeviceTokenAsync(Tenant, "fac-idem", "reader-challenges");
        var device = server.CreateClient(token);
        var online = new { commandId = Guid.NewGuid() };
        var offline = new { commandId = Guid.NewGuid() };

        var challenge = await device.PostAsJsonAsync($"/api/tenants/{Tenant}/devices/reader-challenges/challenges", online);
        var challengeAgain = await device.PostAsJsonAsync($"/api/tenants/{Tenant}/devices/reader-challenges/challenges", online);
        var stock = await device.PostAsJsonAsync($"/api/tenants/{Tenant}/devices/reader-challenges/offline-challenges", offline);
        var stockAgain = await device.PostAsJsonAsync($"/api/tenants/{Tenant}/devices/reader-challenges/offline-challenges", offline);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (challenge.StatusCode, challengeAgain.StatusCode));
        Assert.Equal(await challenge.Content.ReadAsStringAsync(), await challengeAgain.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (stock.StatusCode, stockAgain.StatusCode));
        Assert.Equal(await stock.Content.ReadAsStringAsync(), await stockAgain.Content.ReadAsStringAsync());
        Assert.Equal(19, (await stockAgain.JsonAsync()).GetProperty("challenges").GetArrayLength());
        Assert.Equal(20L, await server.Database.ScalarAsync<long>(
            $"select count(*) from myna.security_challenges where tenant_id = '{Tenant}' and device_id = 'reader-challenges'"));
    }
}
