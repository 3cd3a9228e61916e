using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace MynaEvents.Infra.Tests;

/// <summary>
/// <c>make sweep-retention</c> and <c>make rebuild-projection</c> run with the environment
/// <c>make run</c> gives the server (infra/env.sh): the development cluster under .data/ and,
/// in Development, the development master key. Here .data/ is a fresh one of the test's own
/// (MYNA_DEV_ROOT), never the checkout's.
/// </summary>
public sealed class ServerVerbTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _root = new("myna-dev-");
    private Process? _server;

    private string DevData => _root.Sub(".data");

    /// <summary>What a developer's shell would have: none of the server's settings.</summary>
    private Dictionary<string, string?> Environment() => new()
    {
        ["MYNA_DEV_ROOT"] = _root.Path,
        ["MYNA_DB"] = null,
        ["MYNA_MASTER_KEY"] = null,
        ["ASPNETCORE_ENVIRONMENT"] = null,
        ["DOTNET_ENVIRONMENT"] = null,
        ["ASPNETCORE_CONTENTROOT"] = null,
        ["MYNA_BOOTSTRAP_ADMIN_TOKEN"] = null,
        ["MYNA_JPKI_CA_CERTS"] = null,
        ["MAKEFLAGS"] = null,
        ["MAKELEVEL"] = null,
    };

    [Fact]
    public async Task sweep_retention_and_rebuild_projection_run_against_a_fresh_development_cluster_with_the_development_master_key()
    {
        var sweep = await Make("sweep-retention");
        Assert.True(sweep.ExitCode == 0, $"make sweep-retention: {sweep}");
        // Development, with the development master key `make run` uses, made under the dev root,
        // and the development cluster.
        Assert.Contains($"using the development master key in {Path.Combine(DevData, "master.key")}", sweep.Output + sweep.Errors, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(DevData, "master.key")), $"no development master key in {DevData}: {sweep}");
        Assert.True(File.Exists(Path.Combine(DevData, "pg.conn")), $"no development cluster in {DevData}: {sweep}");

        // A server started by infra/run.sh (the same environment) leads the projections.
        var port = FreePort();
        _server = Scripts.Start("bash", [Scripts.Infra("run.sh"), "--urls", $"http://127.0.0.1:{port}"],
            new Dictionary<string, string?>(Environment()) { ["MYNA_ELIGIBILITY_URL"] = "http://127.0.0.1:9" });
        var serverOutput = _server.StandardOutput.ReadToEndAsync();
        var serverErrors = _server.StandardError.ReadToEndAsync();
        await WaitForProjectionAsync(port, "facility_checks", serverOutput, serverErrors);

        // Exit 0: it built the server's services (so it had a master key), asked for the rebuild,
        // and the running server carried it out.
        var rebuild = await Make("rebuild-projection", "NAME=facility_checks");
        Assert.True(rebuild.ExitCode == 0, $"make rebuild-projection NAME=facility_checks: {rebuild}");
        Assert.Contains("facility_checks: rebuild requested", rebuild.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task rebuild_projection_without_a_name_says_how_to_call_it()
    {
        var rebuild = await Make("rebuild-projection");
        Assert.Equal(2, rebuild.ExitCode);
        Assert.Contains("NAME=<projection>", rebuild.Errors, StringComparison.Ordinal);
    }

    private Task<ProcessResult> Make(params string[] arguments) =>
        Scripts.RunAsync("make", ["--no-print-directory", "-C", Scripts.RepositoryRoot, .. arguments], Environment());

    /// <summary>Waits until the server is up and its daemon has registered <paramref name="projection"/>.</summary>
    private async Task WaitForProjectionAsync(int port, string projection, Task<string> serverOutput, Task<string> serverErrors)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_server!.HasExited)
                throw new InvalidOperationException($"infra/run.sh exited ({_server.ExitCode}):\n{await serverOutput}\n{await serverErrors}");
            var tokenFile = Path.Combine(DevData, "dev-admin.token");
            if (File.Exists(tokenFile))
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/api/projections");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(tokenFile)).Trim());
                    using var response = await http.SendAsync(request);
                    if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains($"\"{projection}\"", StringComparison.Ordinal))
                        return;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
            }
            if (clock.Elapsed > Scripts.HangGuard)
                throw new TimeoutException($"The server on port {port} never listed the projection {projection}.");
            await Task.Delay(250);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            // SIGTERM, as Ctrl-C would: run.sh stops the server and exits.
            if (!_server.HasExited) await Scripts.RunAsync("kill", ["-TERM", _server.Id.ToString(CultureInfo.InvariantCulture)]);
            using var guard = new CancellationTokenSource(Scripts.HangGuard);
            await _server.WaitForExitAsync(guard.Token);
            _server.Dispose();
        }
        await Scripts.BashAsync(Scripts.Infra("pg.sh"), ["destroy", Path.Combine(DevData, "pg")]);
    }

    public void Dispose() => _root.Dispose();
}
