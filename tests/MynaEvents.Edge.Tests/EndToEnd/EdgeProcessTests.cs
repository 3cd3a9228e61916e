using System.Diagnostics;
using System.Text;
using MynaEvents.Edge.Queue;
using MynaEvents.VirtualCard;

namespace MynaEvents.Edge.Tests.EndToEnd;

/// <summary>
/// The edge as the program a reception PC runs (a separate process, MynaEvents.Edge.dll),
/// killed with SIGKILL while a check waits in its queue, and started again.
/// </summary>
[Collection(PcscCollectionDefinition.Name)]
public sealed class EdgeProcessTests(PcscFixture pcsc, EdgeServer server) : IClassFixture<EdgeServer>, IDisposable
{
    private readonly VirtualReader _reader = pcsc.Reader('A');
    private readonly string _data = Directory.CreateTempSubdirectory("myna-edge-process-").FullName;

    public void Dispose()
    {
        server.Gate.Open();
        server.Gate.SpoilAnswers();
        Directory.Delete(_data, recursive: true);
    }

    private sealed class EdgeProcess(Process process, StringBuilder output) : IDisposable
    {
        public Process Process { get; } = process;

        public string Output
        {
            get
            {
                lock (output) return output.ToString();
            }
        }

        public async Task WaitForOutputAsync(string text, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (!Output.Contains(text, StringComparison.Ordinal))
            {
                if (Process.HasExited) throw new Xunit.Sdk.XunitException($"the edge exited ({Process.ExitCode}) before printing '{text}':\n{Output}");
                if (clock.Elapsed > timeout) throw new Xunit.Sdk.XunitException($"the edge did not print '{text}' in time:\n{Output}");
                await Task.Delay(50);
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }

    private EdgeProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MynaEvents.Edge.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var arg in new[] { "--server", server.Address.ToString(), "--data", _data, "--lang", "en" }) info.ArgumentList.Add(arg);
        var output = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new EdgeProcess(process, output);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var edge = Start(args);
        await edge.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (edge.Process.ExitCode, edge.Output);
    }

    [Fact]
    public async Task a_check_queued_when_the_edge_is_killed_is_delivered_after_a_restart()
    {
        var tenant = "e2e-kill-" + Guid.NewGuid().ToString("N")[..8];
        var code = await server.ActivationCodeAsync(tenant, "fac-judo-1");
        var activated = await RunAsync("activate", "--code", code);
        Assert.True(activated.ExitCode == 0, activated.Output);
        Assert.DoesNotContain("myna_dev_", activated.Output, StringComparison.Ordinal); // the credential is never printed

        using var card = await server.PatientAsync();
        var emulator = new JpkiCardEmulator(card, server.Authority.Certificate);
        await using (var inserted = await VpcdCardConnection.InsertAsync(emulator, _reader.Port))
        {
            await inserted.SeenByReader.WaitAsync(TimeSpan.FromSeconds(10));
            server.Gate.Close();
            using var edge = Start("run", "--reader", _reader.Name, "--mode", "visual", "--staff", "visiting-1", "--retry-seconds", "1");
            await edge.WaitForOutputAsync("[Pending]", TimeSpan.FromSeconds(60));

            edge.Process.Kill(); // SIGKILL: no chance to flush or clean up
            await edge.Process.WaitForExitAsync();
            await inserted.RemoveAsync();
        }
        Assert.Empty(await server.CommandsWrittenAsync(tenant));

        await using (var queue = await OfflineQueue.OpenAsync(_data, CancellationToken.None))
            Assert.Equal(3, await queue.CountPendingAsync(CancellationToken.None));

        server.Gate.Open();
        var delivered = await RunAsync("deliver");

        Assert.True(delivered.ExitCode == 0, delivered.Output);
        Assert.Contains("Eligibility confirmed", delivered.Output, StringComparison.Ordinal);
        Assert.Equal(3, (await server.CommandsWrittenAsync(tenant)).Count);
        Assert.False(emulator.CardInfoApplicationSelected);
    }

    [Fact]
    public async Task the_reception_loop_sends_a_pending_check_by_itself_once_the_network_is_back()
    {
        var tenant = "e2e-loop-" + Guid.NewGuid().ToString("N")[..8];
        var activated = await RunAsync("activate", "--code", await server.ActivationCodeAsync(tenant, "fac-judo-1"));
        Assert.True(activated.ExitCode == 0, activated.Output);

        using var card = await server.PatientAsync();
        var emulator = new JpkiCardEmulator(card, server.Authority.Certificate);
        await using var inserted = await VpcdCardConnection.InsertAsync(emulator, _reader.Port);
        await inserted.SeenByReader.WaitAsync(TimeSpan.FromSeconds(10));
        server.Gate.Close();
        using var edge = Start("run", "--reader", _reader.Name, "--mode", "visual", "--staff", "reception-1", "--retry-seconds", "1");
        await edge.WaitForOutputAsync("[Pending]", TimeSpan.FromSeconds(60));

        server.Gate.Open();
        await edge.WaitForOutputAsync("Eligibility confirmed", TimeSpan.FromSeconds(60));

        Assert.Equal(3, (await server.CommandsWrittenAsync(tenant)).Count);
        edge.Process.Kill();
        await edge.Process.WaitForExitAsync();
        await inserted.RemoveAsync();
        Assert.False(emulator.CardInfoApplicationSelected);
    }

    [Fact]
    public async Task run_with_a_reader_name_that_matches_no_reader_exits_at_once_naming_the_connected_readers()
    {
        var activated = await RunAsync("activate", "--code", await server.ActivationCodeAsync("e2e-rdr-" + Guid.NewGuid().ToString("N")[..8], "fac-judo-1"));
        Assert.True(activated.ExitCode == 0, activated.Output);

        // RunAsync's guard (60 s) fails the test if the loop waits for the reader instead.
        var result = await RunAsync("run", "--reader", "No Such Reader 00 00", "--mode", "visual");

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("The configured card reader 'No Such Reader 00 00' is not connected.", result.Output, StringComparison.Ordinal);
        Assert.Contains("'Virtual PCD A 00 00'", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_activation_whose_answers_were_all_lost_is_completed_by_running_activate_again()
    {
        var tenant = "e2e-lost-" + Guid.NewGuid().ToString("N")[..8];
        var code = await server.ActivationCodeAsync(tenant, "fac-judo-1", "reader-lost");
        // The server issues the credential; the first run hears nothing of its try and its three resends.
        server.Gate.SpoilAnswers(AnswerFault.Lose, AnswerFault.Lose, AnswerFault.Lose, AnswerFault.Lose);

        var lost = await RunAsync("activate", "--code", code);

        Assert.True(lost.ExitCode == 1, lost.Output);
        Assert.Contains("run the same `myna-edge activate --code ...` again", lost.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(code, lost.Output, StringComparison.Ordinal);

        var again = await RunAsync("activate", "--code", code);

        Assert.True(again.ExitCode == 0, again.Output);
        var credential = await new MynaEvents.Edge.ServerApi.DeviceCredentialStore(_data).LoadAsync(CancellationToken.None);
        Assert.Equal("reader-lost", credential!.DeviceId);
        Assert.Equal(1L, await server.Database.ScalarAsync<long>(
            $"select count(*) from myna.security_credentials where tenant_id = '{tenant}' and subject_id = 'reader-lost' and revoked_at is null"));
    }

    [Fact]
    public async Task a_device_that_was_never_activated_is_told_how_to_activate()
    {
        var result = await RunAsync("check", "--mode", "visual");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("myna-edge activate --code", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_wrong_option_is_a_usage_error_naming_it()
    {
        var result = await RunAsync("check", "--mode", "telepathy");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--mode: 'telepathy'", result.Output, StringComparison.Ordinal);
    }
}
