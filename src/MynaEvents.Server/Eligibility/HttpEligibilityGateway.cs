using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MynaEvents.Server.EligibilityGateway;

/// <summary>
/// Asks the eligibility system over HTTP (<c>POST {MYNA_ELIGIBILITY_URL}/eligibility/lookups</c>)
/// through the resilience pipeline, and turns everything that can go wrong into
/// <see cref="EligibilityAnswer.Failed"/>.
/// </summary>
internal sealed class HttpEligibilityGateway : IEligibilityGateway
{
    public const string ClientName = "eligibility";
    private const string LookupPath = "eligibility/lookups";

    /// <summary>A real answer is about a kilobyte; anything far larger is not one, and is not buffered whole.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    private readonly IHttpClientFactory _clients;
    private readonly EligibilityGatewayOptions _options;
    private readonly ResiliencePipeline<LookupAttempt> _pipeline;
    private readonly ILogger<HttpEligibilityGateway> _logger;
    private readonly TimeProvider _time;

    public HttpEligibilityGateway(IHttpClientFactory clients, IOptions<EligibilityGatewayOptions> options, ILogger<HttpEligibilityGateway> logger, TimeProvider time)
    {
        _clients = clients;
        _options = options.Value;
        _logger = logger;
        _time = time;
        _pipeline = EligibilityResilience.Build(_options, logger, time);
    }

    public async Task<EligibilityAnswer> LookUpAsync(EligibilityQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var activity = EligibilityTelemetry.Source.StartActivity("eligibility.lookup", ActivityKind.Client);
        var started = _time.GetTimestamp();
        var state = new LookupState(this, query);

        var answer = await AskAsync(state, ct);

        var outcome = EligibilityTelemetry.OutcomeOf(answer);
        var elapsed = _time.GetElapsedTime(started);
        EligibilityTelemetry.Lookups.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        EligibilityTelemetry.LookupDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        activity?.SetTag("eligibility.outcome", outcome);
        activity?.SetTag("eligibility.attempts", state.Attempts);
        switch (answer)
        {
            case EligibilityAnswer.Found found:
                activity?.SetTag("eligibility.validity", (int)found.Result.Validity);
                break;
            case EligibilityAnswer.Invalid invalid:
                activity?.SetTag("eligibility.validity", (int)invalid.Validity);
                break;
            case EligibilityAnswer.Failed failed:
                activity?.SetTag("eligibility.failure", failed.Reason);
                activity?.SetTag("eligibility.retryable", failed.Retryable);
                activity?.SetStatus(ActivityStatusCode.Error, failed.Reason);
                _logger.LogWarning("Eligibility lookup failed after {Attempts} attempt(s) in {ElapsedMs} ms: {Reason} (retryable: {Retryable})",
                    state.Attempts, (long)elapsed.TotalMilliseconds, failed.Reason, failed.Retryable);
                return answer;
        }
        _logger.LogInformation("Eligibility lookup answered {Outcome} after {Attempts} attempt(s) in {ElapsedMs} ms",
            outcome, state.Attempts, (long)elapsed.TotalMilliseconds);
        return answer;
    }

    private async Task<EligibilityAnswer> AskAsync(LookupState state, CancellationToken ct)
    {
        if (_options.BaseAddress is null)
            return new EligibilityAnswer.Failed($"not configured: {EligibilityGatewayOptions.UrlVariable} is unset", Retryable: false);
        try
        {
            var attempt = await _pipeline.ExecuteAsync(static (s, token) => s.Gateway.AttemptAsync(s, token), state, ct);
            return attempt.Answer;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw; // the caller gave up; that is not an upstream failure
        }
        catch (BrokenCircuitException)
        {
            return new EligibilityAnswer.Failed("circuit open: the eligibility system failed repeatedly; lookups resume after a successful probe", Retryable: true);
        }
        catch (TimeoutRejectedException)
        {
            return new EligibilityAnswer.Failed("timeout: the eligibility system did not answer in time", Retryable: true);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            return new EligibilityAnswer.Failed("connection failed: the eligibility system could not be reached", Retryable: true);
        }
#pragma warning disable CA1031 // The contract is an answer, never an exception: anything unforeseen becomes a non-retryable failure.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogError(e, "Eligibility lookup failed unexpectedly");
            return new EligibilityAnswer.Failed("unexpected gateway error", Retryable: false);
        }
    }

    private async ValueTask<LookupAttempt> AttemptAsync(LookupState state, CancellationToken ct)
    {
        state.Attempts++;
        using var client = _clients.CreateClient(ClientName);
        var query = state.Query;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.BaseAddress!, LookupPath))
        {
            Content = JsonContent.Create(new { query.CertificateSerial, query.CertificateIssuer, query.FacilityCode, query.TreatedOn }),
        };
        // Headers only: the body is read below under the same attempt timeout, with a size cap.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        var status = (int)response.StatusCode;
        if (status >= 500 || status is 408 or 429) return LookupAttempt.Transient(status);
        if (status >= 400) return LookupAttempt.Rejected(status);
        if (status != 200) return LookupAttempt.Malformed($"unexpected HTTP status {status}");

        var body = await ReadBoundedAsync(response.Content, ct);
        if (body is null) return LookupAttempt.Malformed($"the body is larger than {MaxBodyBytes} bytes");
        var (answer, problem) = UpstreamAnswer.Interpret(body);
        return answer is null ? LookupAttempt.Malformed(problem!) : LookupAttempt.Answered(answer);
    }

    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, CancellationToken ct)
    {
        if (content.Headers.ContentLength > MaxBodyBytes) return null;
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var read = await stream.ReadAsync(buffer.GetMemory(4096), ct);
            if (read == 0) return buffer.WrittenSpan.ToArray();
            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBodyBytes) return null;
        }
    }

    /// <summary>Per-lookup state handed through the pipeline, so the callback allocates no closure.</summary>
    private sealed class LookupState(HttpEligibilityGateway gateway, EligibilityQuery query)
    {
        public HttpEligibilityGateway Gateway { get; } = gateway;
        public EligibilityQuery Query { get; } = query;
        public int Attempts { get; set; }
    }
}
