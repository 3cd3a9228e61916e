using System.Net.Http.Json;
using Alba;
using static MynaEvents.Server.Tests.HttpJson;
using MynaEvents.Testing;

namespace MynaEvents.Server.Tests.Security;

public sealed class AuthenticationTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task a_protected_route_without_a_token_answers_401_problem_asking_for_a_bearer_token()
    {
        await server.Host.Scenario(s =>
        {
            s.Get.Url("/api/tenants/group-a/people");
            s.ShouldReturnProblemDetails(401)
                .WithTitle("Authentication required")
                .WithExtension("field", "Authorization");
            s.Header("WWW-Authenticate").SingleValueShouldMatch("^Bearer( |$)");
            s.ContentShouldContain("Bearer");
        });
    }

    [Theory]
    [InlineData("myna_usr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // well formed, never issued
    [InlineData("myna_dev_not-a-real-token")]
    [InlineData("test-bootstrap-admin-5f0c2a9e7d4b4c1f8e3a6b2d9c0e1f4")] // the bootstrap token minus its last character
    public async Task an_unknown_token_answers_401_problem_saying_the_token_is_invalid(string token)
    {
        var response = await server.CreateClient(token).GetAsync("/api/tenants/group-a/people");

        AssertProblem(response, 401);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
        Assert.Equal("Invalid bearer token", (await response.JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task another_authorization_scheme_answers_401_problem_naming_the_bearer_scheme()
    {
        await server.Host.Scenario(s =>
        {
            s.Get.Url("/api/tenants/group-a/people");
            s.WithRequestHeader("Authorization", "Basic YWRtaW46YWRtaW4=");
            s.ShouldReturnProblemDetails(401);
            s.ContentShouldContain("Bearer scheme");
        });
    }

    [Fact]
    public async Task the_bootstrap_administrator_acts_in_any_tenant()
    {
        var admin = server.AdminClient();

        var inA = await admin.CreatePersonAsync("boot-a", "group_admin");
        var inB = await admin.CreatePersonAsync("boot-b", "auditor");

        Assert.StartsWith("myna_usr_", inA.Token, StringComparison.Ordinal);
        Assert.StartsWith("myna_usr_", inB.Token, StringComparison.Ordinal);
        Assert.Equal(200, (int)(await admin.GetAsync("/api/tenants/boot-b/people")).StatusCode);
    }

    [Fact]
    public async Task a_wrong_role_answers_403_problem_naming_the_roles_needed()
    {
        var auditor = await server.AdminClient().CreatePersonAsync("roles-a", "auditor");

        var response = await server.CreateClient(auditor.Token).PostAsJsonAsync("/api/tenants/roles-a/people", new { commandId = Guid.NewGuid(), displayName = "X", role = "auditor" });

        AssertProblem(response, 403);
        var problem = await response.JsonAsync();
        Assert.Equal("Forbidden", problem.GetProperty("title").GetString());
        Assert.Contains("group_admin or platform_admin", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("auditor", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single((await (await server.AdminClient().GetAsync("/api/tenants/roles-a/people")).JsonAsync()).GetProperty("people").EnumerateArray());
    }

    [Theory]
    [InlineData("group_admin", null)]
    [InlineData("auditor", null)]
    [InlineData("reception_staff", "fac-1")]
    public async Task a_person_of_group_a_is_refused_403_on_a_group_b_route(string role, string? facilityId)
    {
        var person = await server.AdminClient().CreatePersonAsync("iso-a", role, facilityId);

        var response = await server.CreateClient(person.Token).GetAsync("/api/tenants/iso-b/people");

        AssertProblem(response, 403);
        Assert.StartsWith("tenantId:", await response.DetailAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_group_admin_of_group_a_cannot_create_people_in_group_b_and_nothing_is_written()
    {
        var adminA = await server.AdminClient().CreatePersonAsync("iso2-a", "group_admin");
        await server.AdminClient().EnsureGroupAsync("iso2-b");

        var response = await server.CreateClient(adminA.Token).PostAsJsonAsync("/api/tenants/iso2-b/people", new { commandId = Guid.NewGuid(), displayName = "Intruder", role = "group_admin" });

        AssertProblem(response, 403);
        var peopleOfB = await (await server.AdminClient().GetAsync("/api/tenants/iso2-b/people")).JsonAsync();
        Assert.Empty(peopleOfB.GetProperty("people").EnumerateArray());
    }

    [Fact]
    public async Task a_group_reader_route_admits_the_auditor_and_the_group_admin_of_its_own_group()
    {
        var admin = await server.AdminClient().CreatePersonAsync("read-a", "group_admin");
        var auditor = await server.AdminClient().CreatePersonAsync("read-a", "auditor");
        var staff = await server.AdminClient().CreatePersonAsync("read-a", "reception_staff", "fac-1");

        Assert.Equal(200, (int)(await server.CreateClient(admin.Token).GetAsync("/api/tenants/read-a/people")).StatusCode);
        Assert.Equal(200, (int)(await server.CreateClient(auditor.Token).GetAsync("/api/tenants/read-a/people")).StatusCode);
        AssertProblem(await server.CreateClient(staff.Token).GetAsync("/api/tenants/read-a/people"), 403);
    }
}
