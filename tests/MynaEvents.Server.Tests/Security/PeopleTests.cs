using System.Net.Http.Json;
using static MynaEvents.Server.Tests.HttpJson;
using MynaEvents.Testing;

namespace MynaEvents.Server.Tests.Security;

public sealed class PeopleTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task a_group_admin_creates_reception_staff_whose_token_is_shown_once_and_works()
    {
        var groupAdmin = await server.AdminClient().CreatePersonAsync("people-a", "group_admin");
        await server.AdminClient().EnsureFacilityAsync("people-a", "fac-judo-1");
        var admin = server.CreateClient(groupAdmin.Token);

        var response = await admin.PostAsJsonAsync("/api/tenants/people-a/people", new { commandId = Guid.NewGuid(), displayName = "  受付 花子 ", role = "reception_staff", facilityId = "fac-judo-1" });

        Assert.Equal(201, (int)response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var created = await response.JsonAsync();
        Assert.Equal("受付 花子", created.GetProperty("displayName").GetString());
        Assert.Equal("fac-judo-1", created.GetProperty("facilityId").GetString());
        var token = created.GetProperty("token").GetString()!;
        Assert.Matches("^myna_usr_[A-Za-z0-9_-]{43}$", token);
        Assert.True(created.GetProperty("tokenExpiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(89));

        var list = await (await admin.GetAsync("/api/tenants/people-a/people")).JsonAsync();
        Assert.DoesNotContain(token, list.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(list.GetProperty("people").EnumerateArray(),
            p => p.GetProperty("personId").GetString() == created.GetProperty("personId").GetString()
              && p.GetProperty("role").GetString() == "reception_staff");
        // The staff member is authenticated (403 for a role they lack, not 401).
        AssertProblem(await server.CreateClient(token).GetAsync("/api/tenants/people-a/people"), 403);
    }

    [Fact]
    public async Task an_invalid_person_answers_400_naming_each_field_and_rule_and_writes_nothing()
    {
        var admin = server.AdminClient();

        var noFacility = await admin.PostAsJsonAsync("/api/tenants/people-b/people", new { commandId = Guid.NewGuid(), displayName = "A", role = "reception_staff" });
        var badRole = await admin.PostAsJsonAsync("/api/tenants/people-b/people", new { commandId = Guid.NewGuid(), displayName = "", role = "platform_admin" });
        var needlessFacility = await admin.PostAsJsonAsync("/api/tenants/people-b/people", new { commandId = Guid.NewGuid(), displayName = "B", role = "auditor", facilityId = "fac-1" });

        AssertProblem(noFacility, 400);
        Assert.Contains("required for reception_staff", (await noFacility.JsonAsync()).GetProperty("errors").GetProperty("facilityId")[0].GetString(), StringComparison.Ordinal);
        AssertProblem(badRole, 400);
        var errors = (await badRole.JsonAsync()).GetProperty("errors");
        Assert.Contains("group_admin, auditor, reception_staff", errors.GetProperty("role")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("required", errors.GetProperty("displayName")[0].GetString(), StringComparison.Ordinal);
        AssertProblem(needlessFacility, 400);
        Assert.Contains("omitted for auditor", (await needlessFacility.JsonAsync()).GetProperty("errors").GetProperty("facilityId")[0].GetString(), StringComparison.Ordinal);

        Assert.Equal(0L, await server.Database.ScalarAsync<long>("select count(*) from myna.security_people where tenant_id = 'people-b'"));
        Assert.Equal(0L, await server.Database.ScalarAsync<long>("select count(*) from myna.security_credentials where tenant_id = 'people-b'"));
    }

    [Fact]
    public async Task a_revoked_person_is_refused_401_at_once()
    {
        var admin = server.AdminClient();
        var groupAdmin = await admin.CreatePersonAsync("people-c", "group_admin");
        var auditor = await admin.CreatePersonAsync("people-c", "auditor");
        var asAuditor = server.CreateClient(auditor.Token);
        Assert.Equal(200, (int)(await asAuditor.GetAsync("/api/tenants/people-c/people")).StatusCode);

        var revoked = await server.CreateClient(groupAdmin.Token).DeleteAsync($"/api/tenants/people-c/people/{auditor.PersonId}");

        Assert.Equal(204, (int)revoked.StatusCode);
        AssertProblem(await asAuditor.GetAsync("/api/tenants/people-c/people"), 401);
        var list = await (await admin.GetAsync("/api/tenants/people-c/people")).JsonAsync();
        var entry = list.GetProperty("people").EnumerateArray().Single(p => p.GetProperty("personId").GetString() == auditor.PersonId);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, entry.GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task revoking_a_person_of_another_group_answers_403_and_leaves_them_working()
    {
        var victim = await server.AdminClient().CreatePersonAsync("people-d", "auditor");
        var otherAdmin = await server.AdminClient().CreatePersonAsync("people-e", "group_admin");

        AssertProblem(await server.CreateClient(otherAdmin.Token).DeleteAsync($"/api/tenants/people-d/people/{victim.PersonId}"), 403);
        // The person id is not in group e, so revoking it through group e's own route finds nobody.
        var viaOwnRoute = await server.CreateClient(otherAdmin.Token).DeleteAsync($"/api/tenants/people-e/people/{victim.PersonId}");
        AssertProblem(viaOwnRoute, 404);
        Assert.Equal("personId", (await viaOwnRoute.JsonAsync()).Field());

        Assert.Equal(200, (int)(await server.CreateClient(victim.Token).GetAsync("/api/tenants/people-d/people")).StatusCode);
    }

    [Fact]
    public async Task a_new_token_replaces_the_old_one()
    {
        var auditor = await server.AdminClient().CreatePersonAsync("people-f", "auditor");

        var response = await server.AdminClient().PostAsJsonAsync($"/api/tenants/people-f/people/{auditor.PersonId}/token", new { commandId = Guid.NewGuid() });

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var fresh = (await response.JsonAsync()).GetProperty("token").GetString()!;
        AssertProblem(await server.CreateClient(auditor.Token).GetAsync("/api/tenants/people-f/people"), 401);
        Assert.Equal(200, (int)(await server.CreateClient(fresh).GetAsync("/api/tenants/people-f/people")).StatusCode);
    }

    [Fact]
    public async Task a_revoked_person_gets_no_new_token()
    {
        var auditor = await server.AdminClient().CreatePersonAsync("people-g", "auditor");
        await server.AdminClient().DeleteAsync($"/api/tenants/people-g/people/{auditor.PersonId}");

        var response = await server.AdminClient().PostAsJsonAsync($"/api/tenants/people-g/people/{auditor.PersonId}/token", new { commandId = Guid.NewGuid() });

        AssertProblem(response, 404);
        Assert.Equal(0L, await server.Database.ScalarAsync<long>(
            $"select count(*) from myna.security_credentials where subject_id = '{auditor.PersonId}' and revoked_at is null"));
    }
}
