using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Server.Security;
using MynaEvents.Server.Tests.Security;
using MynaEvents.VirtualCard;
using static MynaEvents.Server.Tests.HttpJson;
using MynaEvents.Testing;

namespace MynaEvents.Server.Tests.Verification;

/// <summary>A card read, the start of every check (目視 included), takes only a certificate a JPKI CA could have issued.</summary>
internal static class CardReads
{
    public const string Facility = "fac-judo-1";

    public static string Route(string tenant, string id) => $"/api/tenants/{tenant}/verifications/{id}/card-read";

    public static object Body(X509Certificate2 certificate) => new
    {
        commandId = Guid.NewGuid(),
        treatedAtFacilityId = Facility,
        occurredAt = DateTimeOffset.UtcNow,
        certificateDer = Convert.ToBase64String(certificate.RawData),
        readerSupportsExtendedApdu = true,
    };

    public static async Task AssertRefusedAsync(HttpResponseMessage response, ServerFactory server, string id)
    {
        AssertProblem(response, 422);
        var problem = await response.JsonAsync();
        Assert.Equal("certificateDer", problem.GetProperty("field").GetString());
        Assert.Equal(0, await server.Database.ScalarAsync<long>($"select count(*) from myna_events.mt_events where type <> 'tombstone' and stream_id = 'verification-{id}'"));
    }
}

public sealed class VisualModeCertificateTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private const string Tenant = "group-vmc";

    [Fact]
    public async Task with_jpki_cas_configured_a_card_of_another_ca_is_refused_at_the_card_read()
    {
        var (device, _) = await fixture.DeviceAsync(Tenant, CardReads.Facility);
        using var rogue = TestCardAuthority.Create("Rogue CA");
        using var card = rogue.IssueCard();
        var id = Guid.NewGuid().ToString();

        var response = await device.PostAsJsonAsync(CardReads.Route(Tenant, id), CardReads.Body(card.Certificate));

        await CardReads.AssertRefusedAsync(response, fixture.Server, id);
        Assert.Contains("chain", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_card_of_the_configured_ca_whose_signature_was_tampered_with_is_refused()
    {
        var (device, _) = await fixture.DeviceAsync(Tenant, CardReads.Facility);
        using var card = fixture.Authority.IssueCard();
        using var broken = ForgedCertificates.WithBrokenSignature(card.Certificate);
        var id = Guid.NewGuid().ToString();

        var response = await device.PostAsJsonAsync(CardReads.Route(Tenant, id), CardReads.Body(broken));

        await CardReads.AssertRefusedAsync(response, fixture.Server, id);
        Assert.Contains("signature", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_card_of_the_configured_ca_expired_within_its_grace_is_read_and_checked_visually()
    {
        var (device, _) = await fixture.DeviceAsync(Tenant, CardReads.Facility);
        using var card = fixture.Authority.IssueCard([0x5a, 0x01], DateTimeOffset.UtcNow.AddDays(-20), notBefore: DateTimeOffset.UtcNow.AddYears(-5));
        var id = Guid.NewGuid().ToString();

        Assert.Equal(HttpStatusCode.Created, (await device.PostAsJsonAsync(CardReads.Route(Tenant, id), CardReads.Body(card.Certificate))).StatusCode);
        var identity = await device.PostAsJsonAsync($"/api/tenants/{Tenant}/verifications/{id}/identity",
            new { commandId = Guid.NewGuid(), mode = "visual", staffId = "staff-1", occurredAt = DateTimeOffset.UtcNow });
        Assert.Equal(HttpStatusCode.Created, identity.StatusCode);
    }
}

/// <summary>Without configured CAs (development) only a self-signed certificate's own signature can be checked, and it is.</summary>
public sealed class UnconfiguredTrustCardReadTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    private const string Tenant = "group-nca";

    private async Task<HttpClient> DeviceAsync()
    {
        using (var platform = server.AdminClient()) await platform.EnsureFacilityAsync(Tenant, CardReads.Facility);
        var code = await server.Services.GetRequiredService<IDeviceCredentials>()
            .NewCodeAsync(Tenant, CardReads.Facility, "dev-" + Guid.NewGuid().ToString("N")[..8]);
        var activated = await server.CreateClient().PostAsJsonAsync("/api/devices/activate", new { activationCode = code, commandId = Guid.NewGuid() });
        activated.EnsureSuccessStatusCode();
        return server.CreateClient((await activated.JsonAsync()).GetProperty("credential").GetString()!);
    }

    [Fact]
    public async Task a_self_signed_certificate_with_a_broken_signature_is_refused()
    {
        var device = await DeviceAsync();
        using var selfSigned = ForgedCertificates.SelfSigned();
        using var broken = ForgedCertificates.WithBrokenSignature(selfSigned);
        var id = Guid.NewGuid().ToString();

        var response = await device.PostAsJsonAsync(CardReads.Route(Tenant, id), CardReads.Body(broken));

        await CardReads.AssertRefusedAsync(response, server, id);
        Assert.Contains("signature", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var sound = await device.PostAsJsonAsync(CardReads.Route(Tenant, Guid.NewGuid().ToString()), CardReads.Body(selfSigned));
        Assert.Equal(HttpStatusCode.Created, sound.StatusCode);
    }
}
