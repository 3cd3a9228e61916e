using Microsoft.Extensions.Logging;
using MynaEvents.Edge.Jpki;
using MynaEvents.Edge.Pcsc;
using MynaEvents.Edge.Queue;
using MynaEvents.Edge.Reception;
using MynaEvents.Edge.Screen;
using MynaEvents.Edge.ServerApi;

namespace MynaEvents.Edge;

/// <summary>
/// The edge node: <c>activate</c> once with the one-time code, then <c>run</c> at reception.
/// <c>check</c> runs one check and exits, <c>deliver</c> sends what is queued, <c>status</c>
/// shows readers, queue and challenge stock. Exit codes: 0 done, 1 failed, 2 usage,
/// 3 checks still pending.
/// </summary>
public static class Program
{
    private const string Usage = """
        usage: myna-edge <command> [options]
          activate --code CODE        exchange the one-time activation code for this device's credential
          run                         reception loop: wait for a card, check, show the outcome, repeat
          check                       one check, then exit (3 when it is queued because the server is out of reach)
          deliver                     send queued checks now (3 when some are still pending)
          status                      readers, queued and refused checks, offline PIN challenges
        options (or environment variables):
          --server URL                MYNA_EDGE_SERVER   (default http://127.0.0.1:5080)
          --data DIR                  MYNA_EDGE_DATA     credential and offline queue (local disk)
          --reader NAME               MYNA_EDGE_READER   PC/SC reader (default: the first holding a card)
          --mode visual|pin           MYNA_EDGE_MODE     目視 or 暗証番号 (run asks each time when unset)
          --staff ID                  MYNA_EDGE_STAFF    who is at reception
          --lang ja|en                MYNA_EDGE_LANG     screen language (default ja)
          --pin-stdin                 read the PIN as one line from standard input (scripted demos)
          --card-wait-seconds N       MYNA_EDGE_CARD_WAIT_SECONDS    how long a check waits for a card (default 120)
          --apdu-timeout-seconds N    MYNA_EDGE_APDU_TIMEOUT_SECONDS how long the card may take to answer one command (default 10)
          --retry-seconds N           MYNA_EDGE_RETRY_SECONDS        how often queued checks are retried (default 10)
        """;

    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        using var stop = new CancellationTokenSource();
        // SIGTERM and Ctrl-C end the current wait; the queue on disk keeps whatever was accepted.
        using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
        void Stop(System.Runtime.InteropServices.PosixSignalContext signal)
        {
            signal.Cancel = true;
            stop.Cancel();
        }
        try
        {
            if (args.Length == 0 || args.Any(a => a is "-h" or "--help" or "help"))
            {
                Console.Out.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            var (command, options) = ParseCommandLine(args);
            var settings = EdgeSettings.From(options);
            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Information)
                .AddFilter("System.Net.Http", LogLevel.Warning));
            return command switch
            {
                "activate" => await ActivateAsync(settings, stop.Token),
                "run" => await RunAsync(settings, loggers, loop: true, stop.Token),
                "check" => await RunAsync(settings, loggers, loop: false, stop.Token),
                "deliver" => await DeliverAsync(settings, stop.Token),
                "status" => await StatusAsync(settings, stop.Token),
                _ => throw new EdgeUsageException($"unknown command '{command}'\n{Usage}"),
            };
        }
        catch (EdgeUsageException usage)
        {
            Console.Error.WriteLine(usage.Message);
            return 2;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 130;
        }
        catch (CardException card) when (card.Problem is CardProblem.NoService or CardProblem.NoReader)
        {
            Console.Error.WriteLine(new ReceptionScreen().CardProblem(card.Problem, null));
            Console.Error.WriteLine(card.Message);
            return 1;
        }
        catch (ServerRefusedException refused)
        {
            Console.Error.WriteLine($"The server refused: {refused.Message}");
            return 1;
        }
        catch (ServerUnreachableException unreachable)
        {
            Console.Error.WriteLine($"The server is out of reach: {unreachable.Message}");
            return 1;
        }
    }

    /// <summary>One command word and <c>--name value</c> options (or the <c>--pin-stdin</c> switch), in any order.</summary>
    private static (string Command, Dictionary<string, string> Options) ParseCommandLine(string[] args)
    {
        string? command = null;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (command is not null) throw new EdgeUsageException($"unexpected argument '{args[i]}'\n{Usage}");
                command = args[i];
                continue;
            }
            var name = args[i][2..];
            if (name is "pin-stdin") { options[name] = "true"; continue; }
            if (i + 1 >= args.Length) throw new EdgeUsageException($"--{name} needs a value");
            options[name] = args[++i];
        }
        return (command ?? throw new EdgeUsageException($"no command given\n{Usage}"), options);
    }

    private static HttpClient Http(EdgeSettings settings) => new() { BaseAddress = settings.Server, Timeout = TimeSpan.FromSeconds(15) };

    private static async Task<int> ActivateAsync(EdgeSettings settings, CancellationToken cancellationToken)
    {
        var code = settings.ActivationCode ?? throw new EdgeUsageException("activate needs --code (the one-time activation code from the group administrator).");
        var store = new DeviceCredentialStore(settings.DataDirectory);
        using var http = Http(settings);
        DeviceCredential credential;
        try
        {
            credential = await new DeviceActivation(new MynaServerClient(http), settings.DataDirectory).ActivateAsync(code, cancellationToken);
        }
        catch (ServerUnreachableException unreachable)
        {
            Console.Error.WriteLine($"The server did not answer ({unreachable.Message}). The activation may have gone through: "
                + "run the same `myna-edge activate --code ...` again; it resends the same request and gets the same credential.");
            return 1;
        }
        Console.Out.WriteLine($"activated: device {credential.DeviceId} of facility {credential.FacilityId} (tenant {credential.TenantId}); credential kept in {store.FilePath}");
        return 0;
    }

    private static async Task<DeviceCredential> CredentialAsync(EdgeSettings settings, CancellationToken cancellationToken) =>
        await new DeviceCredentialStore(settings.DataDirectory).LoadAsync(cancellationToken)
        ?? throw new EdgeUsageException($"This device is not activated yet: run `myna-edge activate --code CODE` (data directory {settings.DataDirectory}).");

    private static async Task<int> RunAsync(EdgeSettings settings, ILoggerFactory loggers, bool loop, CancellationToken cancellationToken)
    {
        var credential = await CredentialAsync(settings, cancellationToken);
        await using var queue = await OfflineQueue.OpenAsync(settings.DataDirectory, cancellationToken);
        using var http = Http(settings);
        using var pcsc = await PcscContext.EstablishAsync(TimeSpan.FromSeconds(10), cancellationToken);
        var screen = new ReceptionScreen(settings.Language);
        var display = new ConsoleDisplay();
        var desk = new ReceptionDesk(pcsc, queue, new MynaServerClient(http), credential, screen, display,
            new ConsolePinPad(settings.PinFromStandardInput), TimeProvider.System, loggers.CreateLogger<ReceptionDesk>(), settings.CardExchangeTimeout);

        if (settings.Reader is { } configured)
        {
            try
            {
                ReaderChoice.EnsureConnected(pcsc.GetSnapshot(), configured);
            }
            catch (CardException missing)
            {
                display.Show(screen.CardProblem(missing));
                return 1;
            }
        }
        await desk.RefillChallengesAsync(cancellationToken);
        if (!loop)
        {
            var result = await desk.CheckAsync(settings.Reader, settings.Mode ?? IdentityChoice.Visual, settings.StaffId, settings.CardWait, cancellationToken);
            return result.End switch { CheckEnd.Answered => 0, CheckEnd.Pending => 3, _ => 1 };
        }

        using var background = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delivery = new DeliveryLoop(desk, queue, display, screen, settings.RetryEvery, loggers.CreateLogger<DeliveryLoop>()).RunAsync(background.Token);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                display.Show(screen.WaitingForCard());
                var reader = await pcsc.WaitForCardAsync(settings.Reader, Timeout.InfiniteTimeSpan, cancellationToken);
                if (reader is null) continue;
                var mode = settings.Mode ?? AskMode(screen);
                await desk.CheckAsync(reader, mode, settings.StaffId, settings.CardWait, cancellationToken);
                display.Show(screen.TakeCardBack());
                await pcsc.WaitForRemovalAsync(reader, Timeout.InfiniteTimeSpan, cancellationToken);
            }
        }
        finally
        {
            await background.CancelAsync();
            await delivery;
        }
        return 0;
    }

    /// <summary>Staff choose how the patient's identity is checked: 1 目視, 2 暗証番号 (a redirected input means 目視).</summary>
    private static IdentityChoice AskMode(ReceptionScreen screen)
    {
        if (Console.IsInputRedirected) return IdentityChoice.Visual;
        Console.Out.WriteLine(screen.Language == ScreenLanguage.English
            ? "Identity check: 1 = visual (目視), 2 = PIN (暗証番号)"
            : "本人確認の方法: 1 = 目視, 2 = 暗証番号");
        while (true)
        {
            var key = Console.ReadKey(intercept: true).KeyChar;
            if (key == '1') return IdentityChoice.Visual;
            if (key == '2') return IdentityChoice.Pin;
        }
    }

    private static async Task<int> DeliverAsync(EdgeSettings settings, CancellationToken cancellationToken)
    {
        var credential = await CredentialAsync(settings, cancellationToken);
        await using var queue = await OfflineQueue.OpenAsync(settings.DataDirectory, cancellationToken);
        using var http = Http(settings);
        var screen = new ReceptionScreen(settings.Language);
        var report = await new QueueDeliverer(queue).DeliverAsync(new MynaServerClient(http), credential, cancellationToken);
        foreach (var answer in report.Latest.Values) Console.Out.WriteLine(screen.Verification(answer) + Environment.NewLine);
        Console.Out.WriteLine($"delivered {report.Delivered}, refused {report.Refused}, pending {report.Pending}");
        return report.Pending > 0 ? 3 : 0;
    }

    private static async Task<int> StatusAsync(EdgeSettings settings, CancellationToken cancellationToken)
    {
        await using var queue = await OfflineQueue.OpenAsync(settings.DataDirectory, cancellationToken);
        Console.Out.WriteLine($"queued commands: {await queue.CountPendingAsync(cancellationToken)}");
        foreach (var refused in await queue.ListRefusedAsync(20, cancellationToken))
            Console.Out.WriteLine($"refused: check {refused.VerificationId} ({refused.Kind}): {refused.Reason}");
        Console.Out.WriteLine($"offline PIN challenges: {await queue.CountChallengesAsync(DateTimeOffset.UtcNow, cancellationToken)}");
        try
        {
            using var pcsc = await PcscContext.EstablishAsync(TimeSpan.FromSeconds(2), cancellationToken);
            var snapshot = pcsc.GetSnapshot();
            foreach (var reader in snapshot.Readers) Console.Out.WriteLine($"reader: {reader.Name}{(reader.HasCard ? " (card present)" : "")}");
        }
        catch (CardException problem)
        {
            Console.Out.WriteLine($"readers: {problem.Message}");
        }
        return 0;
    }
}
