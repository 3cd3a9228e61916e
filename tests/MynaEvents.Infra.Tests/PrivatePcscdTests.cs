using System.Diagnostics;
using System.Globalization;

namespace MynaEvents.Infra.Tests;

/// <summary>
/// infra/pcscd.sh runs each pcscd in a mount namespace of its own, with its socket in its state
/// dir, so that a system pcscd on /run/pcscd and other private ones never collide with it. The
/// readers are asked for by a real PC/SC client (the edge node) through PCSCLITE_CSOCK_NAME.
/// </summary>
public sealed class PrivatePcscdTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new("myna-pcscd-");
    private readonly List<string> _started = [];
    private Process? _systemPcscd;
    private int _edgeRuns;

    [Fact]
    public async Task a_private_pcscd_starts_beside_a_system_pcscd_on_run_pcscd_and_each_serves_its_own_readers()
    {
        // The "system" pcscd: the plain daemon on its fixed /run/pcscd/pcscd.comm, in a mount
        // namespace of this test (a tmpfs on /run/pcscd there), so the machine's is not touched.
        var systemReader = "System Reader 00 00";
        var systemPort = PcscClient.FreeBasePort();
        var conf = Directory.CreateDirectory(_folder.Sub("system-conf")).FullName;
        var driver = _folder.Sub("system-vpcd.so");
        File.Copy("/usr/lib/pcsc/drivers/serial/libifdvpcd.so", driver);
        await File.WriteAllTextAsync(Path.Combine(conf, "system.conf"),
            $"FRIENDLYNAME \"System Reader\"\nDEVICENAME /dev/null:{systemPort}\nLIBPATH {driver}\nCHANNELID {systemPort}\n");
        _systemPcscd = Scripts.Start("unshare", [.. UnshareOptions, "--", "bash", "-c",
            "set -e; mount -t tmpfs -o mode=755 none /run/pcscd; exec /usr/sbin/pcscd -f -c \"$1\"", "system-pcscd", conf]);
        string[] inSystemNamespace = ["nsenter", "-t", _systemPcscd.Id.ToString(CultureInfo.InvariantCulture), .. NsenterOptions, "--"];
        await PcscClient.WaitForReadersAsync(null, EdgeData(), [systemReader], inSystemNamespace);

        var state = _folder.Sub("private");
        var start = await Scripts.RunAsync(inSystemNamespace[0],
            [.. inSystemNamespace[1..], "bash", Scripts.Infra("pcscd.sh"), "start", state, PcscClient.FreeBasePort().ToString(CultureInfo.InvariantCulture)]);
        Assert.True(start.ExitCode == 0, $"pcscd.sh start beside a system pcscd: {start}");
        _started.Add(state);
        var socket = ReadEnv(state)["PCSCLITE_CSOCK_NAME"];
        Assert.Equal(Path.Combine(state, "run", "pcscd.comm"), socket);
        Assert.Contains($"PCSCLITE_CSOCK_NAME={socket}", start.Output.Split('\n'));

        // Through the socket in the state dir: the four vpcd readers, from inside the system
        // pcscd's namespace and from outside it.
        var inside = await PcscClient.WaitForReadersAsync(socket, EdgeData(), PcscClient.VirtualReaders, inSystemNamespace);
        Assert.DoesNotContain(systemReader, inside);
        var outside = await PcscClient.WaitForReadersAsync(socket, EdgeData(), PcscClient.VirtualReaders);
        Assert.DoesNotContain(systemReader, outside);

        // Without PCSCLITE_CSOCK_NAME a client still reaches the system pcscd, untouched.
        var system = await PcscClient.ReadersAsync(null, EdgeData(), inSystemNamespace);
        Assert.Contains(systemReader, system);
        Assert.DoesNotContain(PcscClient.VirtualReaders[0], system);

        var privatePid = Pid(state);
        var stop = await Scripts.BashAsync(Scripts.Infra("pcscd.sh"), ["stop", state]);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        await PcscClient.WaitUntilGoneAsync(privatePid);
        Assert.True(PcscClient.Alive(_systemPcscd.Id), "Stopping the private pcscd ended the system one.");
        Assert.Contains(systemReader, await PcscClient.ReadersAsync(null, EdgeData(), inSystemNamespace));
    }

    [Fact]
    public async Task two_private_pcscds_on_different_state_dirs_run_side_by_side_and_stopping_one_leaves_the_other()
    {
        var first = _folder.Sub("first");
        var second = _folder.Sub("second");
        foreach (var state in new[] { first, second })
        {
            var start = await Scripts.BashAsync(Scripts.Infra("pcscd.sh"), ["start", state, PcscClient.FreeBasePort().ToString(CultureInfo.InvariantCulture)]);
            Assert.True(start.ExitCode == 0, $"pcscd.sh start {state}: {start}");
            _started.Add(state);
        }
        var firstSocket = ReadEnv(first)["PCSCLITE_CSOCK_NAME"];
        var secondSocket = ReadEnv(second)["PCSCLITE_CSOCK_NAME"];
        Assert.NotEqual(firstSocket, secondSocket);
        Assert.NotEqual(Pid(first), Pid(second));
        await PcscClient.WaitForReadersAsync(firstSocket, EdgeData(), PcscClient.VirtualReaders);
        await PcscClient.WaitForReadersAsync(secondSocket, EdgeData(), PcscClient.VirtualReaders);

        var firstPid = Pid(first);
        var stop = await Scripts.BashAsync(Scripts.Infra("pcscd.sh"), ["stop", first]);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        await PcscClient.WaitUntilGoneAsync(firstPid);

        Assert.Empty(await PcscClient.ReadersAsync(firstSocket, EdgeData()));
        Assert.Equal(PcscClient.VirtualReaders, (await PcscClient.ReadersAsync(secondSocket, EdgeData())).Where(r => r.EndsWith(" 00 00", StringComparison.Ordinal)));
        var status = await Scripts.BashAsync(Scripts.Infra("pcscd.sh"), ["status", second]);
        Assert.True(status.ExitCode == 0, status.ToString());
    }

    [Fact]
    public async Task start_is_idempotent_survives_a_killed_pcscd_and_stop_ends_the_pcscd_in_its_own_namespace()
    {
        var state = _folder.Sub("one");
        var basePort = PcscClient.FreeBasePort().ToString(CultureInfo.InvariantCulture);
        var start = await Scripts.BashAsync(Scripts.Infra("pcscd.sh"), ["start", state, basePort]);
        Assert.True(start.ExitCode == 0, start.ToString());
        _started.Add(state);
        var pid = Pid(state);

        // The recorded pid is pcscd itself (unshare and the namespace's shell exec into it), and
        // it lives in a mount namespace other than ours.
        Assert.Equal("/usr/sbin/pcscd", new FileInfo($"/proc/{pid}/exe").LinkTarget);
        Assert.NotEqual(new FileInfo("/proc/self/ns/mnt").LinkTarget, new FileInfo($"/proc/{pid}/ns/mnt").LinkTarget);

        var again = await Scripts.BashAsync(Scripts.Infra("pcscd.sh"), ["start", state, basePort]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(pid, Pid(state));
        Assert.Equal(start.Output, again.Output);

        // Killed: its socket and pid file stay behind in the state dir; the next start copes
        // (here with ports it picks itself).
        using (var process = Process.GetProcessById(pid)) process.Kill();
        await PcscClient.WaitUntilGoneAsync(pid);
        var restart = await Scripts.BashAsync(Scripts.Infra("pcscd.sh"), ["start", state, "auto"]);
        Assert.True(restart.ExitCode == 0, restart.ToString());
        var socket = ReadEnv(state)["PCSCLITE_CSOCK_NAME"];
        await PcscClient.WaitForReadersAsync(socket, EdgeData(), PcscClient.VirtualReaders);

        var newPid = Pid(state);
        var stop = await Scripts.BashAsync(Scripts.Infra("pcscd.sh"), ["stop", state]);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        await PcscClient.WaitUntilGoneAsync(newPid);
        Assert.False(File.Exists(Path.Combine(state, "env")), "stop leaves the env file of a stopped pcscd");
        var status = await Scripts.BashAsync(Scripts.Infra("pcscd.sh"), ["status", state]);
        Assert.Equal(3, status.ExitCode);
        var stopAgain = await Scripts.BashAsync(Scripts.Infra("pcscd.sh"), ["stop", state]);
        Assert.True(stopAgain.ExitCode == 0, stopAgain.ToString());
    }

    private static string[] UnshareOptions => Scripts.IsRoot
        ? ["--mount", "--propagation", "private"]
        : ["--user", "--map-root-user", "--mount", "--propagation", "private"];

    private static string[] NsenterOptions => Scripts.IsRoot ? ["--mount"] : ["--user", "--mount"];

    private string EdgeData() => _folder.Sub($"edge-{Interlocked.Increment(ref _edgeRuns)}");

    private static int Pid(string state) =>
        int.Parse(File.ReadAllText(Path.Combine(state, "pcscd.pid")).Trim(), CultureInfo.InvariantCulture);

    /// <summary>The KEY=VALUE lines of the state dir's env file (values are plain paths and numbers here).</summary>
    private static Dictionary<string, string> ReadEnv(string state)
    {
        var path = Path.Combine(state, "env");
        Assert.True(File.Exists(path), $"pcscd.sh start wrote no {path}");
        return File.ReadAllLines(path)
            .Where(line => !line.StartsWith('#') && line.Contains('=', StringComparison.Ordinal))
            .ToDictionary(line => line[..line.IndexOf('=', StringComparison.Ordinal)], line => line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var state in _started)
            await Scripts.BashAsync(Scripts.Infra("pcscd.sh"), ["stop", state]);
        if (_systemPcscd is not null)
        {
            if (!_systemPcscd.HasExited) _systemPcscd.Kill();
            await _systemPcscd.WaitForExitAsync();
            _systemPcscd.Dispose();
        }
    }

    /// <summary>After <see cref="DisposeAsync"/>: every pcscd that used the folder is stopped.</summary>
    public void Dispose() => _folder.Dispose();
}
