using System.Net;
using System.Text;
using MynaEvents.Edge.ServerApi;

namespace MynaEvents.Edge.Tests.ServerApi;

/// <summary>
/// What the edge makes of answers the real server does not give on demand: gateways in front of
/// it failing, rate limits, timeouts, and pages that are not the server's at all.
/// </summary>
public sealed class FailureClassificationTests
{
    private static readonly DeviceCredential Device = new("tenant-1", "dev-1", "fac-1", "myna_dev_secret-token-value-0123456789");

    /// <summary>Stands in for whatever sits between the edge and the server (a proxy, a load balancer).</summary>
    private sealed class FrontDoor(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Seen { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Add(request);
            return answer(request, cancellationToken);
        }
    }

    private static MynaServerClient ClientAnswering(HttpStatusCode status, string body = "", string mediaType = "text/html", TimeSpan? timeout = null) =>
        Client(new FrontDoor((_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) })), timeout);

    private static MynaServerClient Client(HttpMessageHandler handler, TimeSpan? timeout = null) =>
        new(new HttpClient(handler) { BaseAddress = new Uri("http://myna.test/base"), Timeout = timeout ?? TimeSpan.FromSeconds(10) });

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData((HttpStatusCode)599)]
    public async Task busy_or_failing_servers_and_gateways_mean_try_again_later(HttpStatusCode status)
    {
        var problem = """{"title":"Server busy","status":503}""";

        var unreachable = await Assert.ThrowsAsync<ServerUnreachableException>(() =>
            ClientAnswering(status, problem, "application/problem+json").LookupAsync(Device, "check-1", LookupRequest.Create(), CancellationToken.None));

        Assert.Equal((int)status, unreachable.Status);
    }

    [Fact]
    public async Task a_4xx_page_that_is_not_a_problem_document_is_not_taken_as_a_refusal()
    {
        var unreachable = await Assert.ThrowsAsync<ServerUnreachableException>(() =>
            ClientAnswering(HttpStatusCode.NotFound, "<html>Not Found</html>").LookupAsync(Device, "check-1", LookupRequest.Create(), CancellationToken.None));

        Assert.Equal(404, unreachable.Status);
    }

    [Fact]
    public async Task a_success_whose_body_is_not_the_servers_json_means_try_again_later()
    {
        var unreachable = await Assert.ThrowsAsync<ServerUnreachableException>(() =>
            ClientAnswering(HttpStatusCode.OK, "<html>Log in to the hotel wifi</html>").LookupAsync(Device, "check-1", LookupRequest.Create(), CancellationToken.None));

        Assert.Equal(200, unreachable.Status);
    }

    [Fact]
    public async Task a_problem_document_keeps_its_title_detail_status_and_field()
    {
        var body = """{"type":"about:blank","title":"Not allowed for this facility","status":403,"detail":"verificationId: this check belongs to another facility","field":"verificationId"}""";

        var refused = await Assert.ThrowsAsync<ServerRefusedException>(() =>
            ClientAnswering(HttpStatusCode.Forbidden, body, "application/problem+json").LookupAsync(Device, "check-1", LookupRequest.Create(), CancellationToken.None));

        Assert.Equal((403, "Not allowed for this facility", "verificationId: this check belongs to another facility", "verificationId"),
            (refused.Status, refused.Title, refused.Detail, refused.Field));
        Assert.False(refused.CredentialRefused);
    }

    [Fact]
    public async Task a_validation_problem_names_its_first_field_and_lists_the_rules()
    {
        var body = """{"title":"The command was refused; nothing was written","status":400,"errors":{"occurredAt":["is required"],"mode":["must be \"visual\" or \"pin\""]}}""";

        var refused = await Assert.ThrowsAsync<ServerRefusedException>(() =>
            ClientAnswering(HttpStatusCode.BadRequest, body, "application/problem+json").IdentityAsync(Device, "check-1",
                IdentityRequest.Visual("staff-1", DateTimeOffset.UtcNow), CancellationToken.None));

        Assert.Equal("occurredAt", refused.Field);
        Assert.Equal("occurredAt: is required; mode: must be \"visual\" or \"pin\"", refused.Detail);
    }

    [Fact]
    public async Task a_server_that_does_not_answer_in_time_is_unreachable_but_the_callers_own_cancellation_stays_a_cancellation()
    {
        var silent = new FrontDoor(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });

        var timedOut = await Assert.ThrowsAsync<ServerUnreachableException>(() =>
            Client(silent, TimeSpan.FromMilliseconds(200)).LookupAsync(Device, "check-1", LookupRequest.Create(), CancellationToken.None));
        using var staff = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Client(silent).LookupAsync(Device, "check-1", LookupRequest.Create(), staff.Token));

        Assert.Contains("did not answer in time", timedOut.Message, StringComparison.Ordinal);
        Assert.IsNotType<ServerUnreachableException>(cancelled);
    }

    [Fact]
    public async Task requests_go_under_the_base_path_with_the_token_only_in_the_authorization_header()
    {
        var door = new FrontDoor((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)));

        var unreachable = await Assert.ThrowsAsync<ServerUnreachableException>(() =>
            Client(door).CardReadAsync(Device, "check 1", CardReadRequest.Create("fac-1", DateTimeOffset.UtcNow, [0x30, 0x82], true, null), CancellationToken.None));

        var request = Assert.Single(door.Seen);
        Assert.Equal("http://myna.test/base/api/tenants/tenant-1/verifications/check%201/card-read", request.RequestUri!.AbsoluteUri);
        Assert.Equal(("Bearer", Device.Token), (request.Headers.Authorization!.Scheme, request.Headers.Authorization.Parameter));
        Assert.DoesNotContain(Device.Token, unreachable.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("MIIB", unreachable.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void records_that_carry_secrets_or_personal_fields_leave_them_out_of_their_text()
    {
        var pin = IdentityRequest.Pin("staff-1", DateTimeOffset.UtcNow, Guid.NewGuid(), [9, 9, 9], [0x30, 0x82, 0x05]);
        var read = CardReadRequest.Create("fac-1", DateTimeOffset.UtcNow, [0x30, 0x82, 0x05], true, null);
        var personal = new PersonalView("試験\u3000花子", "シケン", new DateOnly(1980, 1, 2), "5012", "34567", "00", false);

        Assert.DoesNotContain(Device.Token, Device.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(pin.Signature!, pin.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(pin.CertificateDer!, pin.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(read.CertificateDer, read.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("花子", personal.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("34567", personal.ToString(), StringComparison.Ordinal);
    }
}
