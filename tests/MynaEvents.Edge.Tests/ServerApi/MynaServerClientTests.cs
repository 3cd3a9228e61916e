using MynaEvents.Edge.ServerApi;
using MynaEvents.EligibilitySimulator.Persons;
using MynaEvents.VirtualCard;

namespace MynaEvents.Edge.Tests.ServerApi;

/// <summary>The edge's client against the real server, its PostgreSQL and the eligibility simulator.</summary>
public sealed class MynaServerClientTests(EdgeServer server) : IClassFixture<EdgeServer>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static CardReadRequest CardRead(TestCard card, DeviceCredential device) =>
        CardReadRequest.Create(device.FacilityId, DateTimeOffset.UtcNow, card.CertificateDer, readerSupportsExtendedApdu: true, "Virtual PCD");

    [Fact]
    public async Task a_one_time_activation_code_gives_the_device_its_credential_and_works_only_once()
    {
        var tenant = "edge-" + Guid.NewGuid().ToString("N")[..10];
        var code = await server.ActivationCodeAsync(tenant, "fac-judo-1", "reader-1");
        var client = server.Client();

        var credential = await client.ActivateAsync(code, None);
        var again = await Assert.ThrowsAsync<ServerRefusedException>(() => client.ActivateAsync(code, None));

        Assert.Equal((tenant, "reader-1", "fac-judo-1"), (credential.TenantId, credential.DeviceId, credential.FacilityId));
        Assert.StartsWith("myna_dev_", credential.Token, StringComparison.Ordinal);
        Assert.DoesNotContain(credential.Token, credential.ToString(), StringComparison.Ordinal);
        Assert.Equal(409, again.Status);
        Assert.Equal("activationCode", again.Field);
        Assert.DoesNotContain(code, again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_visual_check_is_read_identified_looked_up_and_read_back()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync();
        var client = server.Client();
        var id = Guid.NewGuid().ToString();

        var read = await client.CardReadAsync(device, id, CardRead(card, device), None);
        var identified = await client.IdentityAsync(device, id, IdentityRequest.Visual("staff-1", DateTimeOffset.UtcNow), None);
        var looked = await client.LookupAsync(device, id, LookupRequest.Create(), None);
        var shown = await client.GetVerificationAsync(device, id, None);

        Assert.Equal(VerificationStatuses.CardRead, read.Status);
        Assert.Equal(VerificationStatuses.IdentityVerified, identified.Status);
        Assert.Equal(VerificationStatuses.Confirmed, looked.Status);
        Assert.Equal(IdentityModes.Visual, looked.IdentityMode);
        Assert.Equal("01130012", looked.Eligibility!.InsurerNumber);
        Assert.Equal("030", looked.Eligibility.BurdenRatio);
        Assert.Equal(1, looked.Eligibility.Validity);
        Assert.StartsWith("試験", looked.Personal!.Name, StringComparison.Ordinal);
        Assert.Equal(("5012", "34567", "00"), (looked.Personal.InsuredCardSymbol, looked.Personal.InsuredIdentificationNumber, looked.Personal.InsuredBranchNumber));
        Assert.False(looked.Personal.Shredded);
        Assert.Equal(looked.Version, shown.Version);
        Assert.Equal(looked.Personal.Name, shown.Personal!.Name);
    }

    [Fact]
    public async Task a_card_unknown_to_the_national_system_comes_back_as_not_found()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync(QualificationValidities.NoQualification);
        var client = server.Client();
        var id = Guid.NewGuid().ToString();

        await client.CardReadAsync(device, id, CardRead(card, device), None);
        await client.IdentityAsync(device, id, IdentityRequest.Visual("staff-1", DateTimeOffset.UtcNow), None);
        var looked = await client.LookupAsync(device, id, LookupRequest.Create(), None);

        Assert.Equal(VerificationStatuses.NotFound, looked.Status);
        Assert.Null(looked.Personal);
    }

    [Fact]
    public async Task a_pin_check_signs_a_challenge_the_server_issued_to_this_device()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync();
        var client = server.Client();
        var id = Guid.NewGuid().ToString();
        await client.CardReadAsync(device, id, CardRead(card, device), None);

        var challenge = await client.IssueChallengeAsync(device, Guid.NewGuid(), None);
        var identified = await client.IdentityAsync(device, id,
            IdentityRequest.Pin("staff-1", DateTimeOffset.UtcNow, challenge.ChallengeId, card.SignNonce(challenge.NonceBytes()), card.CertificateDer), None);

        Assert.Equal(32, challenge.NonceBytes().Length);
        Assert.True(challenge.ExpiresAt > DateTimeOffset.UtcNow);
        Assert.Equal(IdentityModes.Pin, identified.IdentityMode);
    }

    [Fact]
    public async Task the_offline_stock_is_topped_up_to_its_cap_and_a_stocked_challenge_answers_a_pin_check()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync();
        var client = server.Client();

        var topUp = Guid.NewGuid();
        var stock = await client.TopUpOfflineChallengesAsync(device, topUp, None);
        var resent = await client.TopUpOfflineChallengesAsync(device, topUp, None);
        var full = await client.TopUpOfflineChallengesAsync(device, Guid.NewGuid(), None);

        Assert.Equal(20, stock.Count);
        Assert.Equal(stock, resent); // a resend of the same top-up answers the same challenges
        Assert.Empty(full);
        Assert.All(stock, c => Assert.True(c.ExpiresAt > DateTimeOffset.UtcNow.AddHours(71)));
        var id = Guid.NewGuid().ToString();
        await client.CardReadAsync(device, id, CardRead(card, device), None);
        var stocked = stock[^1];
        var identified = await client.IdentityAsync(device, id,
            IdentityRequest.Pin("staff-1", DateTimeOffset.UtcNow, stocked.ChallengeId, card.SignNonce(stocked.NonceBytes()), card.CertificateDer), None);
        Assert.Equal(IdentityModes.Pin, identified.IdentityMode);
    }

    [Fact]
    public async Task a_resent_command_id_gets_the_same_answer_and_writes_nothing_new()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync();
        var client = server.Client();
        var id = Guid.NewGuid().ToString();
        var request = CardRead(card, device);

        var first = await client.CardReadAsync(device, id, request, None);
        var resent = await client.CardReadAsync(device, id, request, None);

        Assert.Equal(first, resent);
        Assert.Equal([(request.CommandId, 1L)], await server.CommandsWrittenAsync(device.TenantId));
    }

    [Fact]
    public async Task a_refused_command_names_the_field_the_server_named()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync();
        var client = server.Client();
        var id = Guid.NewGuid().ToString();
        await client.CardReadAsync(device, id, CardRead(card, device), None);

        // A challenge that was never issued: the rule refuses it (422, with a field extension).
        var unknownChallenge = await Assert.ThrowsAsync<ServerRefusedException>(() => client.IdentityAsync(device, id,
            IdentityRequest.Pin("staff-1", DateTimeOffset.UtcNow, Guid.NewGuid(), new byte[256], card.CertificateDer), None));
        // Not a certificate: the shape check refuses it (400, a validation problem listing the field).
        var notACertificate = await Assert.ThrowsAsync<ServerRefusedException>(() => client.CardReadAsync(device, Guid.NewGuid().ToString(),
            CardReadRequest.Create(device.FacilityId, DateTimeOffset.UtcNow, [1, 2, 3], true, null), None));

        Assert.Equal((422, "challengeId"), (unknownChallenge.Status, unknownChallenge.Field));
        Assert.Contains("challenge", unknownChallenge.Detail, StringComparison.Ordinal);
        Assert.Equal((400, "certificateDer"), (notACertificate.Status, notACertificate.Field));
        Assert.Contains("certificateDer", notACertificate.Detail, StringComparison.Ordinal);
        Assert.False(notACertificate.CredentialRefused);
        Assert.Single(await server.CommandsWrittenAsync(device.TenantId));
    }

    [Fact]
    public async Task a_token_the_server_does_not_know_is_refused_as_a_credential_problem_and_never_printed()
    {
        var device = await server.DeviceAsync();
        var forged = device with { Token = "myna_dev_" + new string('x', 40) };

        var refused = await Assert.ThrowsAsync<ServerRefusedException>(() => server.Client().IssueChallengeAsync(forged, Guid.NewGuid(), None));

        Assert.Equal(401, refused.Status);
        Assert.True(refused.CredentialRefused);
        Assert.DoesNotContain(forged.Token, refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_stopped_server_is_unreachable_not_refused()
    {
        var device = await server.DeviceAsync();

        var unreachable = await Assert.ThrowsAsync<ServerUnreachableException>(() =>
            EdgeServer.StoppedServer().LookupAsync(device, Guid.NewGuid().ToString(), LookupRequest.Create(), None));

        Assert.Null(unreachable.Status);
        Assert.Contains("lookup", unreachable.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(device.Token, unreachable.ToString(), StringComparison.Ordinal);
    }
}
