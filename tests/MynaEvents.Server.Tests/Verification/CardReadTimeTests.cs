using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Server.Security;
using MynaEvents.Server.Security.Authentication;
using MynaEvents.VirtualCard;
using static MynaEvents.Server.Tests.HttpJson;

using MynaEvents.Server.Tests.Security;

namespace MynaEvents.Server.Tests.Verification;

/// <summary>A card read may be dated only when its device could have read it: after activation, within the offline hold, before 翌月末.</summary>
public sealed class CardReadTimeTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private const string Tenant = "group-crt";
    private const string Facility = "fac-judo-1";

    private static string Route(string verificationId) => $"/api/tenants/{Tenant}/verifications/{verificationId}/card-read";

    private static object CardRead(TestCard card, DateTimeOffset occurredAt) => new
    {
        commandId = Guid.NewGuid(),
        treatedAtFacilityId = Facility,
        occurredAt,
        certificateDer = Convert.ToBase64String(card.CertificateDer),
        readerSupportsExtendedApdu = true,
    };

    private Task<long> EventsOfAsync(string verificationId) =>
        fixture.Server.Database.ScalarAsync<long>($"select count(*) from myna_events.mt_events where type <> 'tombstone' and stream_id = 'verification-{verificationId}'");

    /// <summary>
    /// Moves the device's recorded first activation back, as if it had been activated days ago. The
    /// database announces the change to the server asynchronously; the test does not wait for it.
    /// </summary>
    private async Task ActivatedAgoAsync(string deviceId, TimeSpan ago)
    {
        await fixture.Server.Database.ExecuteAsync(
            $"update myna.security_devices set activated_at = now() - interval '{(int)ago.TotalMinutes} minutes' where tenant_id = '{Tenant}' and device_id = '{deviceId}'");
        fixture.Server.Services.GetRequiredService<KeptCredentials>().Invalidate();
    }

    [Theory]
    [InlineData(-24 * 365 * 6, "翌月末")] // years back, long before the facility existed
    [InlineData(-97, "96 hours")]
    [InlineData(+1, "future")]
    public async Task a_card_read_dated_where_no_device_could_have_read_it_is_refused_naming_occurredAt_and_writes_nothing(int hours, string rule)
    {
        var (device, deviceId) = await fixture.DeviceAsync(Tenant, Facility);
        await ActivatedAgoAsync(deviceId, TimeSpan.FromDays(30));
        using var card = fixture.Authority.IssueCard();
        var id = Guid.NewGuid().ToString();

        var response = await device.PostAsJsonAsync(Route(id), CardRead(card, DateTimeOffset.UtcNow.AddHours(hours)));

        AssertProblem(response, 422);
        var problem = await response.JsonAsync();
        Assert.Equal("occurredAt", problem.GetProperty("field").GetString());
        Assert.Contains(rule, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await EventsOfAsync(id));
    }

    [Fact]
    public async Task a_card_read_dated_before_its_device_was_activated_is_refused()
    {
        var (device, _) = await fixture.DeviceAsync(Tenant, Facility); // activated just now
        using var card = fixture.Authority.IssueCard();
        var id = Guid.NewGuid().ToString();

        var response = await device.PostAsJsonAsync(Route(id), CardRead(card, DateTimeOffset.UtcNow.AddHours(-2)));

        AssertProblem(response, 422);
        var problem = await response.JsonAsync();
        Assert.Equal("occurredAt", problem.GetProperty("field").GetString());
        Assert.Contains("activated", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await EventsOfAsync(id));
    }

    [Fact]
    public async Task a_check_held_offline_over_a_long_weekend_is_accepted_even_after_the_app_was_reactivated()
    {
        var (_, deviceId) = await fixture.DeviceAsync(Tenant, Facility);
        await ActivatedAgoAsync(deviceId, TimeSpan.FromDays(10));
        // The app is reinstalled and activated again: the device's first activation still counts.
        var credentials = fixture.Server.Services.GetRequiredService<IDeviceCredentials>();
        var code = await credentials.NewCodeAsync(Tenant, Facility, deviceId);
        var activated = await fixture.Server.CreateClient().PostAsJsonAsync("/api/devices/activate", new { activationCode = code, commandId = Guid.NewGuid() });
        activated.EnsureSuccessStatusCode();
        var device = fixture.Server.CreateClient((await activated.JsonAsync()).GetProperty("credential").GetString()!);
        using var card = fixture.Authority.IssueCard();
        var id = Guid.NewGuid().ToString();

        var response = await device.PostAsJsonAsync(Route(id), CardRead(card, DateTimeOffset.UtcNow.AddHours(-90)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await EventsOfAsync(id));
    }
}
