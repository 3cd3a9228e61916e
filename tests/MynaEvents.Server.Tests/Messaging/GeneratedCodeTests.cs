using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Server.Hosting;
using Wolverine;

namespace MynaEvents.Server.Tests.Messaging;

/// <summary>
/// The server loads Wolverine's handler code only from what <c>make codegen</c> wrote and checked
/// in (Wolverine 6 compiles nothing at run time). A handler changed without regenerating would
/// fail at start, or run yesterday's code: this generates it afresh and compares.
/// </summary>
public sealed class GeneratedCodeTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("myna-codegen-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public async Task the_checked_in_generated_code_is_what_the_handlers_generate_today()
    {
        // Built as the codegen verb builds it, never started: no database is reached.
        await using var app = ServerHost.Build(
            [ServerHost.CodegenVerb, "--environment", "Development", "--contentRoot", _output, $"--{ServerOptions.DatabaseVariable}", "Host=127.0.0.1;Database=codegen"]);
        app.Services.GetRequiredService<WolverineOptions>().CodeGeneration.GeneratedCodeOutputPath = _output;
        var collections = app.Services.GetServices<ICodeFileCollection>().ToArray();
        Assert.NotEmpty(collections);
        new DynamicCodeBuilder(app.Services, collections) { ServiceVariableSource = app.Services.GetService<IServiceVariableSource>() }
            .WriteGeneratedCode(_ => { });

        var checkedIn = Path.Combine(RepositoryRoot(), "src", "MynaEvents.Server", WolverineRegistration.GeneratedCodeFolder);
        var expected = Files(_output);
        var actual = Files(checkedIn);
        Assert.True(expected.Keys.SequenceEqual(actual.Keys, StringComparer.Ordinal),
            $"Generated files differ: expected [{string.Join(", ", expected.Keys)}], checked in [{string.Join(", ", actual.Keys)}]. Run `make codegen` and commit.");
        foreach (var (file, code) in expected)
            Assert.True(string.Equals(code, actual[file], StringComparison.Ordinal), $"{file} is stale. Run `make codegen` and commit.");
    }

    private static SortedDictionary<string, string> Files(string folder) =>
        new(Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
                    .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), f => File.ReadAllText(f).ReplaceLineEndings("\n"))
                : [],
            StringComparer.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MynaEvents.sln"))) return dir.FullName;
        throw new InvalidOperationException("MynaEvents.sln not found above " + AppContext.BaseDirectory);
    }
}
