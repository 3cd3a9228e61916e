using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MynaEvents.Edge.Tests.ServerApi;

/// <summary>What the stand-in does once it has committed an activation.</summary>
public enum AfterCommit
{
    Answer,
    /// <summary>Answers 503: the credential was issued, the device hears "unavailable".</summary>
    Answer503,
    /// <summary>Drops the connection: the credential was issued, the device hears nothing.</summary>
    DropConnection,
}

/// <summary>
/// A stand-in for the server's <c>POST /api/devices/activate</c> as the server answers once it
/// keeps activation command ids: a code activates once; a resend with the same command id gets
/// the first answer (the same credential); another request for a used code gets 409. It can lose
/// its answers after committing, which the real server cannot be made to do. The real server
/// takes over these tests once it keeps activation command ids. Also answers a card read with
/// 201 and <c>Idempotent-Replayed: true</c>, as the server does for a resend.
/// </summary>
public sealed class ActivationStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _codes = [];
    private readonly HashSet<string> _used = [];
    private readonly Dictionary<Guid, object> _answers = [];
    private readonly Queue<AfterCommit> _script = new();

    private ActivationStandIn(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>Every activation request received: the code and the command id (null when the request carried none).</summary>
    public ConcurrentQueue<(string? Code, Guid? CommandId)> Requests { get; } = new();

    /// <summary>Credentials issued, one per code activated.</summary>
    public ConcurrentQueue<string> Issued { get; } = new();

    /// <summary>While set, every request is committed (if new) and then its connection dropped.</summary>
    public bool LoseEveryAnswer { get; set; }

    public static async Task<ActivationStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var standIn = new ActivationStandIn(app);
        app.MapPost("/api/devices/activate", (Delegate)standIn.ActivateAsync);
        app.MapPost("/api/tenants/{tenant}/verifications/{verification}/card-read", (string verification, HttpContext http) =>
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Json(new { verificationId = verification, version = 1, status = "card_read", certificateUsable = true, nextStep = "identity" },
                statusCode: StatusCodes.Status201Created);
        });
        await app.StartAsync();
        standIn.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/");
        return standIn;
    }

    /// <summary>A code the stand-in will activate once.</summary>
    public string NewCode()
    {
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(5));
        lock (_lock) _codes.Add(code);
        return code;
    }

    /// <summary>What happens after each of the next commits, in order; answered normally after that.</summary>
    public void Script(params AfterCommit[] steps)
    {
        lock (_lock) foreach (var step in steps) _script.Enqueue(step);
    }

    private async Task<IResult> ActivateAsync(HttpContext http)
    {
        using var body = await JsonDocument.ParseAsync(http.Request.Body);
        var code = body.RootElement.TryGetProperty("activationCode", out var c) ? c.GetString() : null;
        Guid? commandId = body.RootElement.TryGetProperty("commandId", out var id) && id.TryGetGuid(out var parsed) ? parsed : null;
        Requests.Enqueue((code, commandId));

        object answer;
        AfterCommit after;
        lock (_lock)
        {
            if (commandId is { } known && _answers.TryGetValue(known, out var first))
                answer = first;
            else if (code is null || !_codes.Contains(code))
                return Refused(StatusCodes.Status400BadRequest, "Unknown activation code");
            else if (!_used.Add(code))
                return Refused(StatusCodes.Status409Conflict, "Activation code already used");
            else
            {
                var credential = "myna_dev_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(20)).ToLowerInvariant();
                Issued.Enqueue(credential);
                answer = new { deviceId = "dev-standin", facilityId = "fac-judo-1", tenantId = "standin", credential };
                if (commandId is { } fresh) _answers[fresh] = answer;
            }
            after = LoseEveryAnswer ? AfterCommit.DropConnection : _script.TryDequeue(out var step) ? step : AfterCommit.Answer;
        }
        switch (after)
        {
            case AfterCommit.Answer503:
                return Results.Problem(title: "Service Unavailable", statusCode: StatusCodes.Status503ServiceUnavailable);
            case AfterCommit.DropConnection:
                http.Abort();
                return Results.Empty;
            default:
                return Results.Json(answer);
        }
    }

    private static IResult Refused(int status, string title) => Results.Problem(
        title: title, detail: "activationCode: refused by the stand-in", statusCode: status,
        extensions: new Dictionary<string, object?> { ["field"] = "activationCode" });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
