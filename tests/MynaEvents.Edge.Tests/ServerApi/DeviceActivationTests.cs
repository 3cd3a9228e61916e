using MynaEvents.Edge.Queue;
using MynaEvents.Edge.ServerApi;
using MynaEvents.Edge.Tests.Queue;

namespace MynaEvents.Edge.Tests.ServerApi;

/// <summary>
/// Activation when the answer is lost after the server issued the credential, against
/// <see cref="ActivationStandIn"/> (the real server cannot yet be made to lose an answer after
/// committing; once it keeps activation command ids, these run against it).
/// </summary>
public sealed class DeviceActivationTests : IAsyncLifetime, IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan[] NoPause = [TimeSpan.Zero, TimeSpan.Zero];
    private readonly TempDirectory _data = new();
    private ActivationStandIn _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await ActivationStandIn.StartAsync();
        _http = new HttpClient { BaseAddress = _server.Address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    public void Dispose() => _data.Dispose();

    private DeviceActivation Activation() => new(new MynaServerClient(_http), _data.Path, NoPause);

    [Theory]
    [InlineData(AfterCommit.Answer503)]
    [InlineData(AfterCommit.DropConnection)]
    public async Task a_lost_answer_is_resent_with_the_same_command_id_and_the_credential_issued_first_is_kept(AfterCommit lost)
    {
        var code = _server.NewCode();
        _server.Script(lost);

        var credential = await Activation().ActivateAsync(code, None);

        var requests = _server.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal((code, requests[0].CommandId), r));
        Assert.NotNull(requests[0].CommandId);
        Assert.Equal(Assert.Single(_server.Issued), credential.Token);
        Assert.Equal(credential, await new DeviceCredentialStore(_data.Path).LoadAsync(None));
        Assert.False(File.Exists(Path.Combine(_data.Path, PendingActivation.FileName)));
    }

    [Fact]
    public async Task when_every_try_is_lost_the_command_id_is_kept_without_the_code_and_the_next_run_gets_the_first_credential()
    {
        var code = _server.NewCode();
        _server.LoseEveryAnswer = true;

        await Assert.ThrowsAsync<ServerUnreachableException>(() => Activation().ActivateAsync(code, None));

        Assert.Equal(3, _server.Requests.Count); // one try and a resend per pause
        var pending = await File.ReadAllTextAsync(Path.Combine(_data.Path, PendingActivation.FileName));
        Assert.Contains(_server.Requests.First().CommandId!.Value.ToString(), pending, StringComparison.Ordinal);
        Assert.DoesNotContain(code, pending, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await new DeviceCredentialStore(_data.Path).LoadAsync(None));

        _server.LoseEveryAnswer = false;
        var credential = await Activation().ActivateAsync(code.ToLowerInvariant(), None); // typed differently, the same code

        Assert.Single(_server.Requests.Select(r => r.CommandId).Distinct());
        Assert.Equal(Assert.Single(_server.Issued), credential.Token);
    }

    [Fact]
    public async Task another_code_gets_a_new_command_id_and_a_refused_code_keeps_nothing()
    {
        _server.LoseEveryAnswer = true;
        await Assert.ThrowsAsync<ServerUnreachableException>(() => Activation().ActivateAsync(_server.NewCode(), None));
        _server.LoseEveryAnswer = false;

        var refused = await Assert.ThrowsAsync<ServerRefusedException>(() => Activation().ActivateAsync("NOT-A-CODE", None));

        Assert.Equal(400, refused.Status);
        Assert.Equal(2, _server.Requests.Select(r => r.CommandId).Distinct().Count());
        Assert.False(File.Exists(Path.Combine(_data.Path, PendingActivation.FileName)));
    }

    [Fact]
    public async Task a_resent_command_answered_201_and_marked_replayed_is_taken_as_delivered()
    {
        await using var queue = await OfflineQueue.OpenAsync(_data.Path, None);
        var check = Guid.NewGuid().ToString();
        await queue.EnqueueAsync(OutgoingCommand.CardRead(check, CardReadRequest.Create("fac-judo-1", DateTimeOffset.UtcNow, [0x30, 0x82, 0, 0], true, null)),
            DateTimeOffset.UtcNow, None);
        var device = new DeviceCredential("standin", "dev-standin", "fac-judo-1", "myna_dev_" + new string('a', 40));

        var report = await new QueueDeliverer(queue).DeliverAsync(new MynaServerClient(_http), device, None);

        Assert.Equal((1, 0), (report.Delivered, report.Pending));
        Assert.Equal(VerificationStatuses.CardRead, report.Latest[check].Status);
    }
}
