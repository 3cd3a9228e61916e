using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MynaEvents.Infra.Tests;

/// <summary>
/// Asks a pcscd for its readers through a real PC/SC client in its own process: the edge node's
/// <c>status</c>. libpcsclite reads PCSCLITE_CSOCK_NAME once per process, so each question is a
/// new process; a null socket leaves the variable out (the client then uses /run/pcscd).
/// </summary>
public static class PcscClient
{
    public static string EdgeDll { get; } = Path.Combine(
        Scripts.RepositoryRoot, "src", "MynaEvents.Edge", "bin", Scripts.Configuration, "net10.0", "MynaEvents.Edge.dll");

    /// <summary>The readers the pcscd behind <paramref name="socket"/> lists (none when no pcscd answers there).</summary>
    public static async Task<IReadOnlyList<string>> ReadersAsync(string? socket, string dataDirectory, IReadOnlyList<string>? prefix = null)
    {
        Assert.True(File.Exists(EdgeDll), $"The edge node is not built: {EdgeDll}");
        var environment = new Dictionary<string, string?> { ["PCSCLITE_CSOCK_NAME"] = socket };
        IEnumerable<string> command = ["dotnet", EdgeDll, "status", "--data", dataDirectory];
        if (prefix is not null) command = prefix.Concat(command);
        var list = command.ToList();
        var result = await Scripts.RunAsync(list[0], list.Skip(1), environment);
        Assert.True(result.ExitCode == 0, $"edge status: {result}");
        return result.Output.Split('\n')
            .Where(line => line.StartsWith("reader: ", StringComparison.Ordinal))
            .Select(line => line["reader: ".Length..].Replace(" (card present)", "", StringComparison.Ordinal).Trim())
            .ToList();
    }

    /// <summary>Asks until <paramref name="expected"/> are all listed (a pcscd that just started may still be adding readers).</summary>
    public static async Task<IReadOnlyList<string>> WaitForReadersAsync(string? socket, string dataDirectory, IReadOnlyCollection<string> expected, IReadOnlyList<string>? prefix = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var listed = await ReadersAsync(socket, dataDirectory, prefix);
            if (expected.All(listed.Contains)) return listed;
            if (clock.Elapsed > Scripts.HangGuard)
                throw new TimeoutException($"pcscd at {socket ?? "/run/pcscd"} lists [{string.Join(", ", listed)}], never [{string.Join(", ", expected)}].");
            await Task.Delay(200);
        }
    }

    public static readonly string[] VirtualReaders = ["Virtual PCD A 00 00", "Virtual PCD B 00 00", "Virtual PCD C 00 00", "Virtual PCD D 00 00"];

    /// <summary>A base port with eight free TCP ports from it (the four vpcd readers and their second slots).</summary>
    public static int FreeBasePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var basePort = 30000 + 8 * Random.Shared.Next(0, 250);
            if (Enumerable.Range(basePort, 8).All(IsFree)) return basePort;
        }
        throw new InvalidOperationException("No eight free TCP ports in a row from 30000.");
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Whether process <paramref name="pid"/> runs (a zombie, exited but not yet reaped, does not).</summary>
    public static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static async Task WaitUntilGoneAsync(int pid)
    {
        var clock = Stopwatch.StartNew();
        while (Alive(pid))
        {
            if (clock.Elapsed > Scripts.HangGuard) throw new TimeoutException($"Process {pid} still runs.");
            await Task.Delay(50);
        }
    }
}
