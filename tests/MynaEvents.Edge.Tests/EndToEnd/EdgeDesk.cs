using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using MynaEvents.Edge.Jpki;
using MynaEvents.Edge.Pcsc;
using MynaEvents.Edge.Queue;
using MynaEvents.Edge.Reception;
using MynaEvents.Edge.Screen;
using MynaEvents.Edge.ServerApi;

namespace MynaEvents.Edge.Tests.EndToEnd;

/// <summary>The screen as a list of messages, so a test can read what reception saw.</summary>
public sealed class RecordingDisplay : IReceptionDisplay
{
    public ConcurrentQueue<string> Shown { get; } = new();

    public void Show(string text) => Shown.Enqueue(text);

    public string All => string.Join("\n", Shown);
}

/// <summary>The patient typing: the PINs of the script, one per prompt; null (gives up) when the script runs out.</summary>
public sealed class ScriptedPinPad(params string[] pins) : IPinPad
{
    private int _next;

    public int Asked => _next;

    public Task<PinBuffer?> AskAsync(int triesLeft, CancellationToken cancellationToken) =>
        Task.FromResult(_next < pins.Length ? PinBuffer.FromDigits(pins[_next++]) : null);
}

/// <summary>An edge node in the test process: the real PC/SC stack, the real queue on disk, the real HTTP client through the gate.</summary>
public sealed class EdgeDesk : IAsyncDisposable
{
    private readonly HttpClient _http;

    private EdgeDesk(string dataDirectory, PcscContext pcsc, OfflineQueue queue, HttpClient http, ReceptionDesk desk, RecordingDisplay display)
    {
        DataDirectory = dataDirectory;
        Pcsc = pcsc;
        Queue = queue;
        _http = http;
        Desk = desk;
        Display = display;
    }

    public string DataDirectory { get; }
    public PcscContext Pcsc { get; }
    public OfflineQueue Queue { get; }
    public ReceptionDesk Desk { get; }
    public RecordingDisplay Display { get; }
    public ScreenLanguage Language { get; } = ScreenLanguage.Japanese;

    public static async Task<EdgeDesk> OpenAsync(EdgeServer server, DeviceCredential device, IPinPad pinPad, string? dataDirectory = null)
    {
        dataDirectory ??= Directory.CreateTempSubdirectory("myna-edge-e2e-").FullName;
        var queue = await OfflineQueue.OpenAsync(dataDirectory, CancellationToken.None);
        var http = server.EdgeHttp();
        var pcsc = await PcscContext.EstablishAsync(TimeSpan.FromSeconds(10));
        var display = new RecordingDisplay();
        var desk = new ReceptionDesk(pcsc, queue, new MynaServerClient(http), device, new ReceptionScreen(), display, pinPad,
            TimeProvider.System, NullLogger<ReceptionDesk>.Instance);
        return new EdgeDesk(dataDirectory, pcsc, queue, http, desk, display);
    }

    public async ValueTask DisposeAsync()
    {
        await Queue.DisposeAsync();
        Pcsc.Dispose();
        _http.Dispose();
    }
}
