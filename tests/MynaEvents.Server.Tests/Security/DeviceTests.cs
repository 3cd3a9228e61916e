using static MynaEvents.Server.Tests.HttpJson;

namespace MynaEvents.Server.Tests.Security;

public sealed class DeviceTests(SecurityServer server) : IClassFixture<SecurityServer>
{
    [Fact]
    public async Task an_activation_code_gives_the_device_a_credential_carrying_its_tenant_facility_and_device()
    {
        var code = await server.Devices.NewCodeAsync("dev-a", "fac-judo-1", "reader-1");
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$", code);

        var response = await server.ActivateAsync(code);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var body = await response.JsonAsync();
        Assert.Equal("reader-1", body.GetProperty("deviceId").GetString());
        Assert.Equal("fac-judo-1", body.GetProperty("facilityId").GetString());
        Assert.Equal("dev-a", body.GetProperty("tenantId").GetString());
        var credential = body.GetProperty("credential").GetString()!;
        Assert.Matches("^myna_dev_[A-Za-z0-9_-]{43}$", credential);
        // The device policy admits it for itself only: its tenant and device claims are right.
        Assert.Equal(201, (int)(await server.AskChallengeAsync(credential, "dev-a", "reader-1")).StatusCode);
    }

    [Fact]
    public async Task a_code_typed_in_lower_case_without_dashes_and_with_look_alikes_still_activates()
    {
        var code = await server.Devices.NewCodeAsync("dev-a", "fac-1", "reader-typed");
        var typed = code.Replace("-", "", StringComparison.Ordinal).Replace('0', 'o').Replace('1', 'l').ToLowerInvariant();

        Assert.Equal(200, (int)(await server.ActivateAsync(typed)).StatusCode);
    }

    [Fact]
    public async Task a_second_use_of_a_code_is_refused_409_naming_activation_code_and_issues_nothing()
    {
        var code = await server.Devices.NewCodeAsync("dev-a", "fac-1", "reader-twice");
        Assert.Equal(200, (int)(await server.ActivateAsync(code)).StatusCode);

        var again = await server.ActivateAsync(code);

        AssertProblem(again, 409);
        var problem = await again.JsonAsync();
        Assert.Equal("activationCode", problem.Field());
        Assert.StartsWith("activationCode:", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1L, await server.Database.ScalarAsync<long>("select count(*) from myna.security_credentials where subject_id = 'reader-twice'"));
    }

    [Fact]
    public async Task two_concurrent_activations_with_one_code_give_exactly_one_credential()
    {
        var code = await server.Devices.NewCodeAsync("dev-a", "fac-1", "reader-race");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => server.ActivateAsync(code)));

        Assert.Single(responses, r => (int)r.StatusCode == 200);
        Assert.All(responses.Where(r => (int)r.StatusCode != 200), r => AssertProblem(r, 409));
        Assert.Equal(1L, await server.Database.ScalarAsync<long>("select count(*) from myna.security_credentials where subject_id = 'reader-race'"));
    }

    [Fact]
    public async Task a_code_expires_after_72_hours_and_is_then_refused_without_being_used()
    {
        var code = await server.Devices.NewCodeAsync("dev-exp", "fac-1", "reader-late");

        server.Time.Advance(TimeSpan.FromHours(72) + TimeSpan.FromSeconds(1));
        var response = await server.ActivateAsync(code);

        AssertProblem(response, 400);
        var problem = await response.JsonAsync();
        Assert.Equal("activationCode", problem.Field());
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0L, await server.Database.ScalarAsync<long>("select count(*) from myna.security_credentials where subject_id = 'reader-late'"));
        Assert.Equal(0L, await server.Database.ScalarAsync<long>("select count(*) from myna.security_activation_codes where device_id = 'reader-late' and used_at is not null"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCD-EFGH")]
    [InlineData("ABCD-EFGH-JKMN-PQRS-TVWX")]
    [InlineData("ABCD-EFGH-JKMN-PQR!")]
    public async Task a_malformed_code_answers_400_naming_activation_code(string? code)
    {
        var response = await server.ActivateAsync(code!);

        AssertProblem(response, 400);
        Assert.Equal("activationCode", (await response.JsonAsync()).Field());
    }

    [Fact]
    public async Task an_unknown_code_answers_400_naming_activation_code()
    {
        var response = await server.ActivateAsync("ABCD-EFGH-JKMN-PQRS");

        AssertProblem(response, 400);
        Assert.Equal("Unknown activation code", (await response.JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task a_newer_code_replaces_an_unused_older_one()
    {
        var older = await server.Devices.NewCodeAsync("dev-a", "fac-1", "reader-reissued");
        var newer = await server.Devices.NewCodeAsync("dev-a", "fac-1", "reader-reissued");

        var withOlder = await server.ActivateAsync(older);

        AssertProblem(withOlder, 400);
        Assert.Equal("Activation code revoked", (await withOlder.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(200, (int)(await server.ActivateAsync(newer)).StatusCode);
    }

    [Fact]
    public async Task a_retired_device_is_refused_401_and_its_pending_code_no_longer_works()
    {
        var token = await server.DeviceTokenAsync("dev-a", "fac-1", "reader-retired");
        var pending = await server.Devices.NewCodeAsync("dev-a", "fac-1", "reader-retired");
        Assert.Equal(201, (int)(await server.AskChallengeAsync(token, "dev-a", "reader-retired")).StatusCode);

        await server.Devices.RevokeAsync("dev-a", "reader-retired", CancellationToken.None);

        AssertProblem(await server.AskChallengeAsync(token, "dev-a", "reader-retired"), 401);
        AssertProblem(await server.ActivateAsync(pending), 400);
        Assert.Null(await server.Devices.IssueActivationCodeAsync("dev-a", "fac-1", "reader-retired", Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task reactivating_a_device_ends_its_earlier_credential()
    {
        var first = await server.DeviceTokenAsync("dev-a", "fac-1", "reader-reinstalled");

        var second = await server.DeviceTokenAsync("dev-a", "fac-1", "reader-reinstalled");

        AssertProblem(await server.AskChallengeAsync(first, "dev-a", "reader-reinstalled"), 401);
        Assert.Equal(201, (int)(await server.AskChallengeAsync(second, "dev-a", "reader-reinstalled")).StatusCode);
    }

    [Fact]
    public async Task a_device_of_group_a_is_refused_403_on_group_b_and_on_administrator_routes()
    {
        var token = await server.DeviceTokenAsync("dev-iso-a", "fac-1", "reader-iso");

        var onOtherGroup = await server.AskChallengeAsync(token, "dev-iso-b", "reader-iso");
        var onPeople = await server.CreateClient(token).GetAsync("/api/tenants/dev-iso-a/people");

        AssertProblem(onOtherGroup, 403);
        Assert.StartsWith("tenantId:", await onOtherGroup.DetailAsync(), StringComparison.Ordinal);
        AssertProblem(onPeople, 403);
        Assert.Contains("role is device", await onPeople.DetailAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task issuing_a_code_for_a_device_of_another_facility_is_refused()
    {
        await server.Devices.NewCodeAsync("dev-a", "fac-1", "reader-moved");

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            server.Devices.NewCodeAsync("dev-a", "fac-2", "reader-moved"));
    }
}
