using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;

namespace MynaEvents.Bench.EndToEnd;

/// <summary>What one client did in a window: latencies in milliseconds, per command kind and per whole check.</summary>
internal sealed class ClientTally
{
    public List<double>[] Commands { get; } = [[], [], []];
    public List<double> Checks { get; } = [];
    public int Failures { get; set; }
    public string? FirstFailure { get; set; }
}

/// <summary>
/// A lean reception desk over HTTP: one keep-alive connection, hand-built JSON bodies, and in a
/// loop a complete 目視 check — card read, identity (mode visual), eligibility lookup — each
/// command with a fresh command id. Nothing of the server but its HTTP contract is used, so the
/// load stays the same whatever the server stores its events in.
/// </summary>
internal sealed class ReceptionClient : IDisposable
{
    public static readonly string[] CommandNames = ["card-read", "identity", "lookup"];
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly byte[] Confirmed = "\"status\":\"confirmed\""u8.ToArray();

    private readonly HttpClient _http;
    private readonly ReceptionDesk _desk;
    private readonly string _checksPath;

    public ReceptionClient(Uri server, ReceptionDesk desk)
    {
        _desk = desk;
        _checksPath = $"api/tenants/{desk.TenantId}/verifications/";
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 1,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", desk.DeviceToken);
    }

    /// <summary>Runs checks one after another until <paramref name="stop"/> is set; a check under way is finished first.</summary>
    public async Task<ClientTally> RunAsync(StrongBox<bool> stop, CancellationToken ct)
    {
        var tally = new ClientTally();
        while (!Volatile.Read(ref stop.Value))
        {
            var verification = Guid.NewGuid().ToString("D");
            var path = _checksPath + verification + "/";
            var started = Stopwatch.GetTimestamp();
            var ok = await SendAsync(tally, 0, path + "card-read", CardRead(), ct)
                && await SendAsync(tally, 1, path + "identity", Identity(), ct)
                && await SendAsync(tally, 2, path + "lookup", $$"""{"commandId":"{{Guid.NewGuid()}}"}""", ct, mustConfirm: true);
            if (ok) tally.Checks.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return tally;
    }

    private string CardRead() =>
        $$"""{"commandId":"{{Guid.NewGuid()}}","treatedAtFacilityId":"{{_desk.FacilityId}}","occurredAt":"{{Now()}}","certificateDer":"{{_desk.CertificateDerBase64}}","readerSupportsExtendedApdu":true,"readerName":"bench reader"}""";

    private static string Identity() =>
        $$"""{"commandId":"{{Guid.NewGuid()}}","mode":"visual","staffId":"reception-1","occurredAt":"{{Now()}}"}""";

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<bool> SendAsync(ClientTally tally, int kind, string path, string body, CancellationToken ct, bool mustConfirm = false)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = Json;
        var started = Stopwatch.GetTimestamp();
        string? failure;
        try
        {
            using var answer = await _http.PostAsync(path, content, ct);
            var bytes = await answer.Content.ReadAsByteArrayAsync(ct);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            failure = answer.StatusCode != HttpStatusCode.Created ? $"{CommandNames[kind]} answered {(int)answer.StatusCode}: {Encoding.UTF8.GetString(bytes)}"
                : mustConfirm && bytes.AsSpan().IndexOf(Confirmed) < 0 ? $"lookup did not confirm: {Encoding.UTF8.GetString(bytes)}"
                : null;
            if (failure is null)
            {
                tally.Commands[kind].Add(elapsed);
                return true;
            }
        }
        catch (HttpRequestException e)
        {
            failure = $"{CommandNames[kind]}: {e.Message}";
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            failure = $"{CommandNames[kind]}: timed out ({e.Message})";
        }
        tally.Failures++;
        tally.FirstFailure ??= failure;
        return false;
    }

    public void Dispose() => _http.Dispose();
}
