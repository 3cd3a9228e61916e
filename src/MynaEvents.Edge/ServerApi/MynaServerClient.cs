using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MynaEvents.Edge.ServerApi;

/// <summary>
/// The device's commands to the MynaEvents server over an <see cref="HttpClient"/> whose base
/// address is the server's URL. Every verification command carries its client-generated
/// command id, so sending it again after any failure gets the same answer and writes nothing
/// new. Failures arrive as <see cref="ServerUnreachableException"/> (keep it, retry later) or
/// <see cref="ServerRefusedException"/> (retrying will not help).
/// </summary>
public sealed class MynaServerClient
{
    private readonly HttpClient _http;
    private readonly Uri _server;

    public MynaServerClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var baseAddress = http.BaseAddress ?? throw new ArgumentException("The HttpClient needs the server's URL as its BaseAddress.", nameof(http));
        _http = http;
        // Relative paths resolve under the base path only when it ends with a slash.
        _server = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
    }

    /// <summary>
    /// Exchanges the one-time activation code printed for this device for its credential (the
    /// server shows it once), in one attempt under a fresh command id. A device that must survive
    /// a lost answer uses <see cref="DeviceActivation"/>, which keeps the command id and resends.
    /// </summary>
    public Task<DeviceCredential> ActivateAsync(string activationCode, CancellationToken cancellationToken) =>
        ActivateAsync(activationCode, Guid.CreateVersion7(), cancellationToken);

    /// <summary>
    /// Activation under a command id the caller keeps: sending the same code with the same id
    /// again gets the first answer, the same credential.
    /// </summary>
    public async Task<DeviceCredential> ActivateAsync(string activationCode, Guid commandId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activationCode);
        var answer = await SendAsync<DeviceActivatedResponse>(HttpMethod.Post, "api/devices/activate", new ActivateDeviceRequest(activationCode, commandId), null, cancellationToken);
        return new DeviceCredential(answer.TenantId, answer.DeviceId, answer.FacilityId, answer.Credential);
    }

    /// <summary>
    /// A fresh single-use nonce for the card to sign in PIN mode (暗証番号). The command id names
    /// the request: sent again, it gets the same challenge, not a second one.
    /// </summary>
    public Task<IssuedChallenge> IssueChallengeAsync(DeviceCredential device, Guid commandId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        return SendAsync<IssuedChallenge>(HttpMethod.Post, $"api/tenants/{Segment(device.TenantId)}/devices/{Segment(device.DeviceId)}/challenges",
            new ChallengeRequest(commandId), device, cancellationToken);
    }

    /// <summary>
    /// Tops up the device's offline stock: single-use challenges answerable for days, for PIN
    /// checks that have to be queued. The server caps the stock per device and answers only the
    /// newly added ones (none when the stock is full). Sent again with the same command id, it
    /// answers the same challenges: a top-up whose answer was lost is not lost with it.
    /// </summary>
    public async Task<IReadOnlyList<IssuedChallenge>> TopUpOfflineChallengesAsync(DeviceCredential device, Guid commandId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        var answer = await SendAsync<OfflineChallengesResponse>(HttpMethod.Post,
            $"api/tenants/{Segment(device.TenantId)}/devices/{Segment(device.DeviceId)}/offline-challenges", new ChallengeRequest(commandId), device, cancellationToken);
        return answer.Challenges ?? [];
    }

    /// <summary>The card was read: starts check <paramref name="verificationId"/> (a UUID the edge made for it).</summary>
    public Task<VerificationResponse> CardReadAsync(DeviceCredential device, string verificationId, CardReadRequest request, CancellationToken cancellationToken) =>
        CommandAsync(device, verificationId, "card-read", request, cancellationToken);

    /// <summary>The patient's identity was checked: 目視 or 暗証番号.</summary>
    public Task<VerificationResponse> IdentityAsync(DeviceCredential device, string verificationId, IdentityRequest request, CancellationToken cancellationToken) =>
        CommandAsync(device, verificationId, "identity", request, cancellationToken);

    /// <summary>The server asks the national eligibility system; the answer holds the outcome (confirmed, 資格情報なし, 資格（無効）, or a failed lookup).</summary>
    public Task<VerificationResponse> LookupAsync(DeviceCredential device, string verificationId, LookupRequest request, CancellationToken cancellationToken) =>
        CommandAsync(device, verificationId, "lookup", request, cancellationToken);

    /// <summary>The check as it stands now.</summary>
    public Task<VerificationResponse> GetVerificationAsync(DeviceCredential device, string verificationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        return SendAsync<VerificationResponse>(HttpMethod.Get, VerificationPath(device, verificationId), null, device, cancellationToken);
    }

    private Task<VerificationResponse> CommandAsync(DeviceCredential device, string verificationId, string step, object request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<VerificationResponse>(HttpMethod.Post, $"{VerificationPath(device, verificationId)}/{step}", request, device, cancellationToken);
    }

    private static string VerificationPath(DeviceCredential device, string verificationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(verificationId);
        return $"api/tenants/{Segment(device.TenantId)}/verifications/{Segment(verificationId)}";
    }

    private static string Segment(string value) => Uri.EscapeDataString(value);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, DeviceCredential? device, CancellationToken cancellationToken)
    {
        // Names the request in messages: method and path hold ids only.
        var name = $"{method} /{path}";
        using var request = new HttpRequestMessage(method, new Uri(_server, path));
        if (device is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", device.Token);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: ServerJson.Options);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or IOException or System.Net.Sockets.SocketException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw ServerFailures.Transport(name, e);
        }

        using (response)
        {
            try
            {
                if (!response.IsSuccessStatusCode) throw await ServerFailures.FromResponseAsync(name, response, cancellationToken);
                return await response.Content.ReadFromJsonAsync<T>(ServerJson.Options, cancellationToken)
                    ?? throw ServerFailures.Unreadable(name, (int)response.StatusCode, null);
            }
            catch (JsonException e)
            {
                throw ServerFailures.Unreadable(name, (int)response.StatusCode, e);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw ServerFailures.Transport(name, e);
            }
        }
    }
}
