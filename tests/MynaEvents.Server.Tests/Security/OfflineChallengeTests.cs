using System.Net.Http.Json;
using MynaEvents.Server.Security;
using static MynaEvents.Server.Tests.HttpJson;

namespace MynaEvents.Server.Tests.Security;

/// <summary>Challenges a device stocks for PIN-mode checks it has to queue while the server is out of reach.</summary>
public sealed class OfflineChallengeTests(SecurityServer server) : IClassFixture<SecurityServer>
{
    private const string Tenant = "chal-off";

    private sealed record Issued(Guid Id, byte[] Nonce, DateTimeOffset ExpiresAt);

    private async Task<List<Issued>> TopUpAsync(string token, string device)
    {
        var response = await server.CreateClient(token).PostAsJsonAsync($"/api/tenants/{Tenant}/devices/{device}/offline-challenges", new { commandId = Guid.NewGuid() });
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = await response.JsonAsync();
        return [.. body.GetProperty("challenges").EnumerateArray().Select(c => new Issued(
            c.GetProperty("challengeId").GetGuid(), Convert.FromBase64String(c.GetProperty("nonce").GetString()!), c.GetProperty("expiresAt").GetDateTimeOffset()))];
    }

    [Fact]
    public async Task a_top_up_fills_the_stock_with_long_lived_single_use_challenges_and_never_beyond_it()
    {
        var token = await server.DeviceTokenAsync(Tenant, "fac-1", "laptop-stock");
        var issuedAt = server.Time.GetUtcNow();

        var first = await TopUpAsync(token, "laptop-stock");
        var again = await TopUpAsync(token, "laptop-stock");

        Assert.Equal(20, first.Count);
        Assert.Equal(20, first.Select(c => c.Id).Distinct().Count());
        Assert.All(first, c => Assert.Equal(32, c.Nonce.Length));
        Assert.All(first, c => Assert.Equal(issuedAt.AddHours(72), c.ExpiresAt, TimeSpan.FromSeconds(1)));
        Assert.Empty(again);
    }

    [Fact]
    public async Task an_answered_offline_challenge_is_replaced_and_cannot_be_answered_twice()
    {
        var token = await server.DeviceTokenAsync(Tenant, "fac-1", "laptop-used");
        using var card = server.Authority.IssueCard();
        var stock = await TopUpAsync(token, "laptop-used");
        var used = stock[0];
        var signature = card.SignNonce(used.Nonce);

        server.Time.Advance(TimeSpan.FromHours(30)); // a long home visit: still answerable
        var first = await server.Challenges.ConsumeAsync(Tenant, "laptop-used", used.Id, card.CertificateDer, signature, CancellationToken.None);
        var replay = await server.Challenges.ConsumeAsync(Tenant, "laptop-used", used.Id, card.CertificateDer, signature, CancellationToken.None);
        var refill = await TopUpAsync(token, "laptop-used");

        Assert.Equal(ChallengeOutcome.Ok, first.Outcome);
        Assert.Equal(ChallengeOutcome.AlreadyUsed, replay.Outcome);
        Assert.Single(refill);
        Assert.DoesNotContain(refill[0].Id, stock.Select(c => c.Id));
    }

    [Fact]
    public async Task an_offline_challenge_past_its_lifetime_is_refused_as_expired()
    {
        var token = await server.DeviceTokenAsync(Tenant, "fac-1", "laptop-late");
        using var card = server.Authority.IssueCard();
        var stock = await TopUpAsync(token, "laptop-late");

        server.Time.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        var late = await server.Challenges.ConsumeAsync(Tenant, "laptop-late", stock[0].Id, card.CertificateDer, card.SignNonce(stock[0].Nonce), CancellationToken.None);

        Assert.Equal(ChallengeOutcome.Expired, late.Outcome);
    }

    [Fact]
    public async Task concurrent_top_ups_of_one_device_never_exceed_the_stock()
    {
        var token = await server.DeviceTokenAsync(Tenant, "fac-1", "laptop-race");

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => TopUpAsync(token, "laptop-race"))));

        Assert.Equal(20, results.Sum(r => r.Count));
    }

    [Fact]
    public async Task a_device_cannot_top_up_another_devices_stock()
    {
        var token = await server.DeviceTokenAsync(Tenant, "fac-1", "laptop-own");
        await server.DeviceTokenAsync(Tenant, "fac-1", "laptop-other");

        var response = await server.CreateClient(token).PostAsJsonAsync($"/api/tenants/{Tenant}/devices/laptop-other/offline-challenges", new { commandId = Guid.NewGuid() });

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("deviceId", (await response.JsonAsync()).GetProperty("field").GetString());
    }
}
