using System.Diagnostics;
using MynaEvents.Edge.Pcsc;

namespace MynaEvents.Edge.Tests;

/// <summary>Test classes that talk to the real pcscd with vpcd readers share this collection (and so run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PcscCollectionDefinition : ICollectionFixture<PcscFixture>
{
    public const string Name = "pcsc";
}

/// <summary>One vpcd reader: a virtual card inserted at <see cref="Port"/> shows up in <see cref="Name"/>.</summary>
public sealed record VirtualReader(char Letter, int Port, string Name);

/// <summary>
/// A real pcscd with four vpcd readers, "Virtual PCD A 00 00" to "Virtual PCD D 00 00". When
/// MYNA_TEST_PCSCD_STATE is set, <c>make test</c> started it (infra/pcscd.sh) and stops it;
/// otherwise this fixture starts its own with infra/pcscd.sh and stops it at the end.
/// Reader A is for the end-to-end tests; the PC/SC and JPKI tests use B, C and D, one per
/// test class.
/// </summary>
public sealed class PcscFixture : IAsyncLifetime
{
    public const string StateVariable = "MYNA_TEST_PCSCD_STATE";
    public const string BasePortVariable = "MYNA_TEST_PCSCD_BASE_PORT";
    private const int DefaultBasePort = 35963;
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    private string? _ownedStateDirectory;
    private string? _script;

    public int BasePort { get; } = int.TryParse(Environment.GetEnvironmentVariable(BasePortVariable), out var port) ? port : DefaultBasePort;

    /// <summary>Reader <paramref name="letter"/> ('A'–'D'): its vpcd port and its name as pcscd lists it.</summary>
    public VirtualReader Reader(char letter)
    {
        if (letter is < 'A' or > 'D')
            throw new ArgumentOutOfRangeException(nameof(letter), "The virtual readers are A to D.");
        return new VirtualReader(letter, BasePort + 2 * (letter - 'A'), $"Virtual PCD {letter} 00 00");
    }

    public async Task InitializeAsync()
    {
        var sharedState = Environment.GetEnvironmentVariable(StateVariable);
        if (string.IsNullOrEmpty(sharedState))
        {
            var root = RepositoryRoot();
            _script = Path.Combine(root, "infra", "pcscd.sh");
            // A fixed place under the repository: a run that was killed left a pcscd the script
            // recognises as its own, instead of one that blocks the next start.
            _ownedStateDirectory = Path.Combine(root, ".data", "test-pcscd-edge");
            await RunScriptAsync("start", _ownedStateDirectory, BasePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await WaitForReadersAsync();
    }

    public async Task DisposeAsync()
    {
        if (_ownedStateDirectory is not null)
            await RunScriptAsync("stop", _ownedStateDirectory);
    }

    private async Task WaitForReadersAsync()
    {
        using var context = await PcscContext.EstablishAsync(StartPatience);
        var expected = "ABCD".Select(l => Reader(l).Name).ToArray();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var listed = context.ListReaders();
            if (expected.All(listed.Contains))
                return;
            if (clock.Elapsed > StartPatience)
                throw new InvalidOperationException(
                    $"pcscd runs but lists [{string.Join(", ", listed)}] instead of the vpcd readers [{string.Join(", ", expected)}].");
            await Task.Delay(100);
        }
    }

    private async Task RunScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(_script!);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run bash.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"infra/pcscd.sh {string.Join(' ', arguments)} failed (exit {process.ExitCode}). If another pcscd already serves the vpcd readers, "
                + $"set {StateVariable} to its state directory to share it.\n{await output}{await errors}");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MynaEvents.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No MynaEvents.sln above {AppContext.BaseDirectory}.");
    }
}
