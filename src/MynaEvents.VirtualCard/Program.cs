using System.Runtime.InteropServices;

namespace MynaEvents.VirtualCard;

/// <summary>
/// Runs a virtual My Number card for demos:
/// <c>issue-ca --dir D</c> keeps one test CA in D (printing its PEM path), and
/// <c>run --dir D --port P [--pin 1234] [--short-apdu]</c> inserts a card issued by that CA
/// into the vpcd reader on port P until Ctrl-C, SIGTERM or the end of stdin.
/// </summary>
public static class Program
{
    private const string Usage = """
        usage: MynaEvents.VirtualCard issue-ca --dir DIR
               MynaEvents.VirtualCard run --dir DIR --port PORT [--pin 1234] [--short-apdu]
               MynaEvents.VirtualCard demo-setup --dir DIR --server URL --admin-token TOKEN --simulator URL

          issue-ca  create a test JPKI CA in DIR, or keep the one there; prints its PEM path
          run       insert a card issued by DIR's CA (kept in DIR across runs) into the vpcd
                    reader listening on 127.0.0.1:PORT; prints "card inserted on port PORT" and
                    stays inserted until Ctrl-C, SIGTERM or stdin closes (stdin from /dev/null
                    does not count). --short-apdu: behave as behind a reader without
                    extended-length APDUs.
          demo-setup  through a running server's API: a clinic group with one operating judo
                    facility and a registered device (prints tenant=, facility=,
                    activation_code=), and DIR's card known to the eligibility simulator.
        """;

    private static readonly TimeSpan ReaderPollPatience = TimeSpan.FromSeconds(5);

    public static async Task<int> Main(string[] args)
    {
        try
        {
            return args switch
            {
                ["issue-ca", .. var rest] => IssueCa(CommandLine.Parse(rest, new HashSet<string> { "--dir" }, new HashSet<string>())),
                ["run", .. var rest] => await RunAsync(CommandLine.Parse(rest, new HashSet<string> { "--dir", "--port", "--pin" }, new HashSet<string> { "--short-apdu" })),
                ["demo-setup", .. var rest] => await DemoSetupAsync(CommandLine.Parse(rest, new HashSet<string> { "--dir", "--server", "--admin-token", "--simulator" }, new HashSet<string>())),
                ["-h" or "--help" or "help"] => PrintUsage(0),
                _ => throw new UsageException("Expected a command: issue-ca, run or demo-setup."),
            };
        }
        catch (UsageException error)
        {
            await Console.Error.WriteLineAsync(error.Message);
            return PrintUsage(2);
        }
        catch (Exception error) when (error is IOException or HttpRequestException or ArgumentException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"virtual card: {error.Message}");
            return 1;
        }
    }

    private static Task<int> DemoSetupAsync(CommandLine line) =>
        DemoSetup.RunAsync(line.Required("--server"), line.Required("--admin-token"), line.Required("--simulator"), Path.GetFullPath(line.Required("--dir")));

    private static int IssueCa(CommandLine line)
    {
        var directory = Path.GetFullPath(line.Required("--dir"));
        var existed = TestCardAuthority.IsSavedIn(directory);
        using var authority = TestCardAuthority.LoadOrCreate(directory);
        Console.Error.WriteLine(existed ? $"kept the test CA in {directory}" : $"created a test CA in {directory}");
        Console.WriteLine(Path.Combine(directory, TestCardAuthority.CertificateFileName));
        return 0;
    }

    private static async Task<int> RunAsync(CommandLine line)
    {
        var directory = Path.GetFullPath(line.Required("--dir"));
        var port = line.RequiredPort("--port");
        var pin = line.Optional("--pin") ?? "1234";
        if (pin.Length != 4 || !pin.All(char.IsAsciiDigit))
            throw new UsageException("--pin must be 4 ASCII digits.");
        var options = new JpkiCardOptions { Pin = pin, ExtendedApdu = !line.Has("--short-apdu") };

        using var authority = TestCardAuthority.LoadOrCreate(directory);
        using var card = LoadOrIssueCard(authority, directory);
        var emulator = new JpkiCardEmulator(card, authority.Certificate, options);
        emulator.CommandLogged += (_, entry) => Console.Error.WriteLine(Describe(entry));

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; stop.TrySetResult(); });
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; stop.TrySetResult(); });

        await using var connection = await VpcdCardConnection.InsertAsync(emulator, port);
        // Announce the card once pcscd sees it, so a script waiting for the line can use it at once.
        if (await Task.WhenAny(connection.SeenByReader, Task.Delay(ReaderPollPatience)) != connection.SeenByReader)
            await Console.Error.WriteLineAsync($"the vpcd reader on port {port} has not polled the card yet (another card in that reader?)");
        Console.WriteLine($"card inserted on port {port}");

        var ended = await Task.WhenAny(stop.Task, StdinClosedAsync(), connection.Completion);
        if (ended == connection.Completion)
        {
            await Console.Error.WriteLineAsync($"the vpcd reader on port {port} closed the connection (pcscd stopped?)");
            return 1;
        }
        await connection.RemoveAsync();
        Console.Error.WriteLine("card removed");
        return 0;
    }

    private static TestCard LoadOrIssueCard(TestCardAuthority authority, string directory)
    {
        if (TestCard.IsSavedIn(directory))
            return TestCard.Load(directory);
        var card = authority.IssueCard();
        card.Save(directory);
        return card;
    }

    /// <summary>
    /// Completes when stdin reaches its end, so a card started by a parent process through a
    /// pipe leaves with it. Stdin from /dev/null (a background job) never completes.
    /// </summary>
    private static Task StdinClosedAsync()
    {
        if (StdinIsNullDevice())
            return Task.Delay(Timeout.Infinite);
        return Task.Run(() =>
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (stdin.Read(buffer) > 0)
            {
            }
        });
    }

    private static bool StdinIsNullDevice()
    {
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            return File.ResolveLinkTarget("/proc/self/fd/0", returnFinalTarget: false)?.FullName == "/dev/null";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>A command as the demo shows it: header, lengths and status word; never data bytes.</summary>
    private static string Describe(ApduLogEntry entry)
    {
        var select = entry.SelectedId is null ? "" : $" select {entry.SelectedId}";
        var answer = entry.StatusWord is { } sw ? $"{sw:X4}" : "no answer";
        var expected = entry.Ne is { } ne ? $" Le {ne}{(entry.Extended ? " (extended)" : "")}" : "";
        return $"apdu INS {entry.Ins:X2} P1 {entry.P1:X2} P2 {entry.P2:X2} Lc {entry.Lc}{expected}{select} -> {answer}";
    }

    private static int PrintUsage(int exitCode)
    {
        (exitCode == 0 ? Console.Out : Console.Error).WriteLine(Usage);
        return exitCode;
    }
}
