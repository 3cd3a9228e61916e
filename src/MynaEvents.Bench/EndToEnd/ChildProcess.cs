using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MynaEvents.Bench.EndToEnd;

/// <summary>
/// A built .NET program (the server, the eligibility simulator) run as a process of its own, as
/// in production: its CPU time is then its own in /proc, apart from the load clients'. Output
/// goes to a log file; the process is asked to stop with SIGTERM, its graceful shutdown.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ChildProcess(string name, Process process, StreamWriter log, string logPath, Uri url)
    {
        Name = name;
        _process = process;
        _log = log;
        LogPath = logPath;
        Url = url;
    }

    public string Name { get; }
    public int Pid => _process.Id;
    public Uri Url { get; }
    public string LogPath { get; }

    /// <summary>Runs <c>dotnet <paramref name="dll"/> --urls http://127.0.0.1:PORT</c> and waits until <paramref name="readyPath"/> answers 2xx.</summary>
    public static async Task<ChildProcess> StartAsync(string name, string dll, string readyPath, IReadOnlyDictionary<string, string> environment,
        string logDirectory, CancellationToken ct)
    {
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} does not exist: build it first (dotnet build -c Release), or set the path (see --help).");
        var url = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.GetFullPath(dll));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.AbsoluteUri.TrimEnd('/'));
        // Nothing of the bench's own environment that would change how the program runs.
        foreach (var inherited in new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "ASPNETCORE_URLS", "MYNA_DB", "DOTNET_gcServer" })
            start.Environment.Remove(inherited);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var logPath = Path.Combine(logDirectory, $"{name}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}");
        void Write(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (log) log.WriteLine(e.Data);
        }
        process.OutputDataReceived += Write;
        process.ErrorDataReceived += Write;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var child = new ChildProcess(name, process, log, logPath, url);
        try
        {
            await child.WaitUntilReadyAsync(readyPath, ct);
            return child;
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(string path, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was ready; see {LogPath}");
            try
            {
                using var answer = await http.GetAsync(path, ct);
                if (answer.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // busy starting (migrations)
            }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"{Name} was not ready at {Url}{path} within 90 s; see {LogPath}");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the host's graceful shutdown (Process.Kill would be SIGKILL).
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await term.WaitForExitAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
