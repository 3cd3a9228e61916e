using System.Text.Json;
using MynaEvents.Edge.ServerApi;
using MynaEvents.Edge.Tests.EndToEnd;
using MynaEvents.Edge.Tests.Queue;

namespace MynaEvents.Edge.Tests.ServerApi;

/// <summary>
/// Activation against the real server when the answer is lost after the server issued the
/// credential (the gate spoils the answer on its way back): the edge resends under the same
/// command id and keeps the credential issued first; a run that heard nothing leaves the id for
/// the next run, and a mistyped code in between does not cost the right code its id.
/// </summary>
public sealed class DeviceActivationTests(EdgeServer server) : IClassFixture<EdgeServer>, IDisposable
{
    // The class shares one server and gate: no spoiled answer outlives its test.
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan[] NoPause = [TimeSpan.Zero, TimeSpan.Zero];
    private readonly TempDirectory _data = new();

    public void Dispose()
    {
        server.Gate.SpoilAnswers();
        _data.Dispose();
    }

    private DeviceActivation Activation() => new(server.Client(), _data.Path, NoPause);

    private string PendingFile => Path.Combine(_data.Path, PendingActivation.FileName);

    private async Task<(string Tenant, string Device, string Code)> CodeAsync()
    {
        var tenant = "e2e-act-" + Guid.NewGuid().ToString("N")[..8];
        var device = "dev-" + Guid.NewGuid().ToString("N")[..8];
        return (tenant, device, await server.ActivationCodeAsync(tenant, "fac-judo-1", device));
    }

    private Task<long> CredentialsAsync(string tenant, string device) => server.Database.ScalarAsync<long>(
        $"select count(*) from myna.security_credentials where tenant_id = '{tenant}' and subject_id = '{device}'");

    private async Task<List<Guid>> PendingIdsAsync() =>
        [.. JsonDocument.Parse(await File.ReadAllTextAsync(PendingFile)).RootElement.EnumerateArray().Select(r => r.GetProperty("commandId").GetGuid())];

    [Theory]
    [InlineData(AnswerFault.Replace503)]
    [InlineData(AnswerFault.Lose)]
    public async Task a_lost_answer_is_resent_with_the_same_command_id_and_the_credential_issued_first_is_kept(AnswerFault lost)
    {
        var (tenant, device, code) = await CodeAsync();
        server.Gate.SpoilAnswers(lost);

        var credential = await Activation().ActivateAsync(code, None);

        // Had the resend been a new activation, the used code would have been refused (409).
        Assert.Equal(1L, await CredentialsAsync(tenant, device));
        Assert.Equal(credential, await new DeviceCredentialStore(_data.Path).LoadAsync(None));
        Assert.False(File.Exists(PendingFile));
        await server.Client().IssueChallengeAsync(credential, Guid.NewGuid(), None); // the credential kept is the live one
    }

    [Fact]
    public async Task when_every_try_is_lost_the_command_id_is_kept_without_the_code_and_the_next_run_gets_the_first_credential()
    {
        var (tenant, device, code) = await CodeAsync();
        server.Gate.SpoilAnswers(AnswerFault.Lose, AnswerFault.Lose, AnswerFault.Lose); // one try and a resend per pause

        await Assert.ThrowsAsync<ServerUnreachableException>(() => Activation().ActivateAsync(code, None));

        var pending = Assert.Single(await PendingIdsAsync());
        Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), await File.ReadAllTextAsync(PendingFile), StringComparison.OrdinalIgnoreCase);
        Assert.Null(await new DeviceCredentialStore(_data.Path).LoadAsync(None));
        Assert.Equal(1L, await CredentialsAsync(tenant, device)); // the server did issue it

        var credential = await Activation().ActivateAsync(code.ToLowerInvariant(), None); // typed differently, the same code

        Assert.Equal(1L, await CredentialsAsync(tenant, device));
        Assert.Equal(pending, await server.Database.ScalarAsync<Guid>(
            $"select command_id from myna.security_credentials where tenant_id = '{tenant}' and subject_id = '{device}'"));
        Assert.Equal(credential, await new DeviceCredentialStore(_data.Path).LoadAsync(None));
    }

    [Fact]
    public async Task a_mistyped_code_refused_in_between_does_not_cost_the_right_code_its_command_id()
    {
        var (tenant, device, code) = await CodeAsync();
        server.Gate.SpoilAnswers(AnswerFault.Lose, AnswerFault.Lose, AnswerFault.Lose);
        await Assert.ThrowsAsync<ServerUnreachableException>(() => Activation().ActivateAsync(code, None));
        var pending = Assert.Single(await PendingIdsAsync());

        var refused = await Assert.ThrowsAsync<ServerRefusedException>(() => Activation().ActivateAsync("ABCD-EFGH-JKMN-PQRS", None));

        Assert.Equal(400, refused.Status);
        Assert.Equal([pending], await PendingIdsAsync());
        var credential = await Activation().ActivateAsync(code, None);
        Assert.Equal(1L, await CredentialsAsync(tenant, device));
        Assert.Equal(credential, await new DeviceCredentialStore(_data.Path).LoadAsync(None));
        Assert.False(File.Exists(PendingFile));
    }
}
