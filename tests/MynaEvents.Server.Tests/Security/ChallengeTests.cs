using System.Net.Http.Json;
using System.Security.Cryptography;
using MynaEvents.Server.Security;
using MynaEvents.VirtualCard;
using static MynaEvents.Server.Tests.HttpJson;

namespace MynaEvents.Server.Tests.Security;

public sealed class ChallengeTests(SecurityServer server) : IClassFixture<SecurityServer>
{
    private const string Tenant = "chal-a";

    private sealed record Issued(Guid Id, byte[] Nonce, DateTimeOffset ExpiresAt);

    private async Task<Issued> IssueAsync(string token, string device)
    {
        var response = await server.AskChallengeAsync(token, Tenant, device);
        Assert.Equal(201, (int)response.StatusCode);
        var body = await response.JsonAsync();
        return new Issued(body.GetProperty("challengeId").GetGuid(), Convert.FromBase64String(body.GetProperty("nonce").GetString()!),
            body.GetProperty("expiresAt").GetDateTimeOffset());
    }

    private Task<ChallengeVerification> ConsumeAsync(string device, Guid challenge, TestCard card, byte[] signature) =>
        server.Challenges.ConsumeAsync(Tenant, device, challenge, card.CertificateDer, signature, CancellationToken.None);

    [Fact]
    public async Task a_card_of_the_trusted_ca_that_signs_the_nonce_is_verified_and_its_certificate_described()
    {
        var token = await server.DeviceTokenAsync(Tenant, "fac-1", "reader-ok");
        using var card = server.Authority.IssueCard([0x0A, 0x1B, 0x2C, 0x3D], DateTimeOffset.UtcNow.AddYears(2));
        var issuedAt = server.Time.GetUtcNow();

        var challenge = await IssueAsync(token, "reader-ok");
        var result = await ConsumeAsync("reader-ok", challenge.Id, card, card.SignNonce(challenge.Nonce));

        Assert.Equal(32, challenge.Nonce.Length);
        Assert.Equal(issuedAt.AddMinutes(2), challenge.ExpiresAt, TimeSpan.FromSeconds(1));
        Assert.Equal(ChallengeOutcome.Ok, result.Outcome);
        Assert.Equal("0A1B2C3D", result.Certificate!.SerialNumber);
        Assert.Equal(card.Certificate.NotAfter.ToUniversalTime(), result.Certificate.NotAfter.UtcDateTime);
    }

    [Fact]
    public async Task a_challenge_answers_only_once()
    {
        var token = await server.DeviceTokenAsync(Tenant, "fac-1", "reader-once");
        using var card = server.Authority.IssueCard();
        var challenge = await IssueAsync(token, "reader-once");
        var signature = card.SignNonce(challenge.Nonce);

        var first = await ConsumeAsync("reader-once", challenge.Id, card, signature);
        var replay = await ConsumeAsync("reader-once", challenge.Id, card, signature);

        Assert.Equal(ChallengeOutcome.Ok, first.Outcome);
        Assert.Equal(ChallengeOutcome.AlreadyUsed, replay.Outcome);
        Assert.Null(replay.Certificate);
    }

    [Fact]
    public async Task concurrent_answers_to_one_challenge_yield_exactly_one_ok()
    {
        var token = await server.DeviceTokenAsync(Tenant, "fac-1", "reader-race");
        using var card = server.Authority.IssueCard();
        var challenge = await IssueAsync(token, "reader-race");
        var signature = card.SignNonce(challenge.Nonce);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => ConsumeAsync("reader-race", challenge.Id, card, signature))));

        Assert.Single(results, r => r.Outcome == ChallengeOutcome.Ok);
        Assert.All(results.Where(r => r.Outcome != ChallengeOutcome.Ok), r => Assert.Equal(ChallengeOutcome.AlreadyUsed, r.Outcome));
    }

    [Fact]
    public async Task a_challenge_answered_after_two_minutes_is_expired_and_not_consumed()
    {
        var token = await server.DeviceTokenAsync(Tenant, "fac-1", "reader-slow");
        using var card = server.Authority.IssueCard();
        var challenge = await IssueAsync(token, "reader-slow");

        server.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromMilliseconds(1));
        var result = await ConsumeAsync("reader-slow", challenge.Id, card, card.SignNonce(challenge.Nonce));

        Assert.Equal(ChallengeOutcome.Expired, result.Outcome);
        Assert.Equal(0L, await server.Database.ScalarAsync<long>(
            $"select count(*) from myna.security_challenges where challenge_id = '{challenge.Id}' and consumed_at is not null"));
    }

    [Fact]
    public async Task another_devices_answer_is_refused_and_leaves_the_challenge_usable_by_its_own_device()
    {
        var token = await server.DeviceTokenAsync(Tenant, "fac-1", "reader-own");
        using var card = server.Authority.IssueCard();
        var challenge = await IssueAsync(token, "reader-own");
        var signature = card.SignNonce(challenge.Nonce);

        var byOther = await ConsumeAsync("reader-other", challenge.Id, card, signature);
        var byOwn = await ConsumeAsync("reader-own", challenge.Id, card, signature);

        Assert.Equal(ChallengeOutcome.WrongDevice, byOther.Outcome);
        Assert.Equal(ChallengeOutcome.Ok, byOwn.Outcome);
    }

    [Fact]
    public async Task a_bad_signature_is_refused_and_uses_up_the_challenge()
    {
        var token = await server.DeviceTokenAsync(Tenant, "fac-1", "reader-badsig");
        using var card = server.Authority.IssueCard();
        using var otherCard = server.Authority.IssueCard();
        var challenge = await IssueAsync(token, "reader-badsig");

        var wrongNonce = await ConsumeAsync("reader-badsig", challenge.Id, card, card.SignNonce(RandomNumberGenerator.GetBytes(32)));
        var retry = await ConsumeAsync("reader-badsig", challenge.Id, card, card.SignNonce(challenge.Nonce));

        Assert.Equal(ChallengeOutcome.BadSignature, wrongNonce.Outcome);
        Assert.Null(wrongNonce.Certificate);
        Assert.Equal(ChallengeOutcome.AlreadyUsed, retry.Outcome);

        var second = await IssueAsync(token, "reader-badsig");
        var wrongKey = await ConsumeAsync("reader-badsig", second.Id, card, otherCard.SignNonce(second.Nonce));
        Assert.Equal(ChallengeOutcome.BadSignature, wrongKey.Outcome);
    }

    [Fact]
    public async Task a_card_from_an_untrusted_ca_is_refused_even_when_its_signature_is_right()
    {
        var token = await server.DeviceTokenAsync(Tenant, "fac-1", "reader-forged");
        using var rogue = TestCardAuthority.Create("MynaEvents Test JPKI User Authentication CA"); // same name, other key
        using var forged = rogue.IssueCard();
        var challenge = await IssueAsync(token, "reader-forged");

        var result = await ConsumeAsync("reader-forged", challenge.Id, forged, forged.SignNonce(challenge.Nonce));

        Assert.Equal(ChallengeOutcome.UntrustedCertificate, result.Outcome);
        Assert.Null(result.Certificate);
        Assert.Contains("does not chain", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task bytes_that_are_not_a_certificate_are_refused_as_untrusted()
    {
        var token = await server.DeviceTokenAsync(Tenant, "fac-1", "reader-garbage");
        using var card = server.Authority.IssueCard();
        var challenge = await IssueAsync(token, "reader-garbage");

        var result = await server.Challenges.ConsumeAsync(Tenant, "reader-garbage", challenge.Id, new byte[] { 0x30, 0x82, 0x01 },
            card.SignNonce(challenge.Nonce), CancellationToken.None);

        Assert.Equal(ChallengeOutcome.UntrustedCertificate, result.Outcome);

        var another = await IssueAsync(token, "reader-garbage");
        var empty = await server.Challenges.ConsumeAsync(Tenant, "reader-garbage", another.Id, ReadOnlyMemory<byte>.Empty,
            card.SignNonce(another.Nonce), CancellationToken.None);
        Assert.Equal(ChallengeOutcome.UntrustedCertificate, empty.Outcome);
    }

    [Fact]
    public async Task a_card_whose_certificate_expired_is_still_verified_because_the_domain_judges_its_age()
    {
        var token = await server.DeviceTokenAsync(Tenant, "fac-1", "reader-oldcard");
        var now = DateTimeOffset.UtcNow;
        using var card = server.Authority.IssueCard([0x77], now.AddDays(-20), notBefore: now.AddYears(-5));
        var challenge = await IssueAsync(token, "reader-oldcard");

        var result = await ConsumeAsync("reader-oldcard", challenge.Id, card, card.SignNonce(challenge.Nonce));

        Assert.Equal(ChallengeOutcome.Ok, result.Outcome);
        Assert.True(result.Certificate!.NotAfter < now);
    }

    [Fact]
    public async Task an_unknown_challenge_and_another_tenants_challenge_are_both_unknown()
    {
        var token = await server.DeviceTokenAsync(Tenant, "fac-1", "reader-unknown");
        using var card = server.Authority.IssueCard();
        var challenge = await IssueAsync(token, "reader-unknown");

        var never = await ConsumeAsync("reader-unknown", Guid.NewGuid(), card, card.SignNonce(challenge.Nonce));
        var otherTenant = await server.Challenges.ConsumeAsync("chal-b", "reader-unknown", challenge.Id, card.CertificateDer,
            card.SignNonce(challenge.Nonce), CancellationToken.None);

        Assert.Equal(ChallengeOutcome.Unknown, never.Outcome);
        Assert.Equal(ChallengeOutcome.Unknown, otherTenant.Outcome);
        Assert.Equal(ChallengeOutcome.Ok, (await ConsumeAsync("reader-unknown", challenge.Id, card, card.SignNonce(challenge.Nonce))).Outcome);
    }

    [Fact]
    public async Task only_the_device_itself_may_ask_for_its_challenges()
    {
        var token = await server.DeviceTokenAsync(Tenant, "fac-1", "reader-self");
        var staff = await server.AdminClient().CreatePersonAsync(Tenant, "reception_staff", "fac-1");

        var forOtherDevice = await server.AskChallengeAsync(token, Tenant, "reader-neighbour");
        var byStaff = await server.AskChallengeAsync(staff.Token, Tenant, "reader-self");
        var byAdmin = await server.AskChallengeAsync(ServerFactory.BootstrapAdminToken, Tenant, "reader-self");

        AssertProblem(forOtherDevice, 403);
        Assert.Equal("deviceId", (await forOtherDevice.JsonAsync()).Field());
        AssertProblem(byStaff, 403);
        AssertProblem(byAdmin, 403);
        AssertProblem(await server.CreateClient().PostAsJsonAsync($"/api/tenants/{Tenant}/devices/reader-self/challenges", new { commandId = Guid.NewGuid() }), 401);
        Assert.Equal(0L, await server.Database.ScalarAsync<long>("select count(*) from myna.security_challenges where device_id = 'reader-neighbour'"));
    }
}
