using System.Diagnostics;
using System.Text;

namespace MynaEvents.Infra.Tests;

/// <summary>What a finished process left: its exit code and everything it wrote.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Errors}";
}

/// <summary>Runs the repository's real scripts and programs as child processes.</summary>
public static class Scripts
{
    /// <summary>A guard against a hang, not a timing assertion: far above what any step needs.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The build configuration these tests were built in (the edge node is built in the same one).</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string Infra(string script) => Path.Combine(RepositoryRoot, "infra", script);

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>
    /// Runs <paramref name="fileName"/> to its end. <paramref name="environment"/> entries with a
    /// null value are removed from the child's environment.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null,
        string? workingDirectory = null, TimeSpan? guard = null)
    {
        using var process = Start(fileName, arguments, environment, workingDirectory);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(guard ?? HangGuard);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} still ran after {(guard ?? HangGuard).TotalMinutes} min:\n{await output}\n{await errors}");
        }
        return new ProcessResult(process.ExitCode, await output, await errors);
    }

    public static Task<ProcessResult> BashAsync(string script, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, TimeSpan? guard = null) =>
        RunAsync("bash", [script, .. arguments], environment, RepositoryRoot, guard);

    /// <summary>Starts a process that keeps running; the caller reads and ends it.</summary>
    public static Process Start(string fileName, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? RepositoryRoot,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        return process;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MynaEvents.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No MynaEvents.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A folder of its own under the system temp folder, deleted at the end.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix)
    {
        // Short: pcscd's socket path must fit a unix socket address (about 107 bytes).
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
