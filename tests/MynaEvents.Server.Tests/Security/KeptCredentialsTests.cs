using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Server.Security.Authentication;
using static MynaEvents.Server.Tests.HttpJson;

namespace MynaEvents.Server.Tests.Security;

/// <summary>
/// A token found live is kept for its next requests, and any change to credentials, people or
/// devices — also one made by SQL outside the server, as on another node — ends it here as soon
/// as the database announces the change. Without the announcements nothing is kept.
/// </summary>
public sealed class KeptCredentialsTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    private KeptCredentials Cache => server.Services.GetRequiredService<KeptCredentials>();

    [Fact]
    public async Task a_token_revoked_by_sql_outside_the_server_stops_working_when_the_change_is_announced()
    {
        await UntilAsync(() => Cache.Listening);
        var auditor = await server.AdminClient().CreatePersonAsync("cache-a", "auditor");
        var client = server.CreateClient(auditor.Token);
        Assert.Equal(200, (int)(await client.GetAsync("/api/tenants/cache-a/people")).StatusCode);
        Assert.True(Cache.TryGet(Key(auditor.Token), DateTimeOffset.UtcNow, out var kept), "the live token is kept for its next request");
        Assert.Equal(auditor.PersonId, kept.SubjectId);

        // As another node, or an operator, would: nothing of this process is told directly.
        await server.Database.ExecuteAsync($"update myna.security_credentials set revoked_at = now() where subject_id = '{auditor.PersonId}'");

        await UntilAsync(() => !Cache.TryGet(Key(auditor.Token), DateTimeOffset.UtcNow, out _));
        AssertProblem(await client.GetAsync("/api/tenants/cache-a/people"), 401);
    }

    [Fact]
    public async Task while_the_announcements_are_not_heard_nothing_is_kept_and_a_revocation_by_sql_wins_at_once()
    {
        await UntilAsync(() => Cache.Listening);
        var auditor = await server.AdminClient().CreatePersonAsync("cache-b", "auditor");
        var client = server.CreateClient(auditor.Token);
        Assert.Equal(200, (int)(await client.GetAsync("/api/tenants/cache-b/people")).StatusCode);

        await server.Database.ExecuteAsync(
            "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'myna-credential-listener' and datname = current_database()");
        await UntilAsync(() => !Cache.Listening);
        Assert.Equal(0, Cache.Count);
        Assert.Equal(200, (int)(await client.GetAsync("/api/tenants/cache-b/people")).StatusCode);
        Assert.False(Cache.TryGet(Key(auditor.Token), DateTimeOffset.UtcNow, out _), "nothing is kept while no change can be heard");

        await server.Database.ExecuteAsync($"update myna.security_credentials set revoked_at = now() where subject_id = '{auditor.PersonId}'");
        AssertProblem(await client.GetAsync("/api/tenants/cache-b/people"), 401);

        // It listens again by itself, and keeps live tokens again.
        await UntilAsync(() => Cache.Listening);
        var other = await server.AdminClient().CreatePersonAsync("cache-b", "auditor");
        Assert.Equal(200, (int)(await server.CreateClient(other.Token).GetAsync("/api/tenants/cache-b/people")).StatusCode);
        Assert.True(Cache.TryGet(Key(other.Token), DateTimeOffset.UtcNow, out _));
    }

    [Fact]
    public async Task an_activation_with_an_unknown_code_drops_nothing_kept_here_or_elsewhere()
    {
        await UntilAsync(() => Cache.Listening);
        var auditor = await server.AdminClient().CreatePersonAsync("cache-e", "auditor");
        var other = await server.AdminClient().CreatePersonAsync("cache-e", "auditor");
        Assert.Equal(200, (int)(await server.CreateClient(auditor.Token).GetAsync("/api/tenants/cache-e/people")).StatusCode);
        var before = Cache.Generation;

        // Anonymous, and refused: it must not make any process drop what it keeps.
        var refused = await server.CreateClient().PostAsJsonAsync("/api/devices/activate",
            new { activationCode = MynaEvents.Server.Security.Devices.ActivationCode.New(), commandId = Guid.NewGuid() });
        AssertProblem(refused, 400);
        // A real change afterwards: announcements arrive in commit order, so once this one is heard,
        // one from the refused activation would have been heard before it.
        await server.Database.ExecuteAsync($"update myna.security_credentials set revoked_at = now() where subject_id = '{other.PersonId}'");
        await UntilAsync(() => Cache.Generation > before);

        Assert.Equal(before + 1, Cache.Generation);
    }

    [Fact]
    public async Task an_expired_token_is_not_served_from_the_cache()
    {
        await UntilAsync(() => Cache.Listening);
        var subject = new Subject("p-expiring", "auditor", "cache-c", null, null);
        var now = DateTimeOffset.UtcNow;
        Cache.Keep("expiring", subject, now.AddMinutes(1), Cache.Generation);
        Assert.True(Cache.TryGet("expiring", now, out _));

        Assert.False(Cache.TryGet("expiring", now.AddMinutes(1), out _));
    }

    [Fact]
    public async Task a_lookup_that_began_before_a_change_does_not_put_its_answer_back()
    {
        await UntilAsync(() => Cache.Listening);
        var subject = new Subject("p-stale", "auditor", "cache-d", null, null);
        var generation = Cache.Generation;
        Cache.Invalidate();

        Cache.Keep("stale", subject, null, generation);

        Assert.False(Cache.TryGet("stale", DateTimeOffset.UtcNow, out _));
    }

    private static string Key(string token) => Convert.ToBase64String(BearerTokens.Hash(token));

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 20 s");
            await Task.Delay(50);
        }
    }
}
