using System.Collections.Concurrent;

namespace MynaEvents.EventStore.Schema;

/// <summary>Fixed SQL lives in .sql files beside the code; this reads them once.</summary>
internal static class SqlResources
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Get(string fileName) => Cache.GetOrAdd(fileName, static name => Read($"Sql/{name}"));

    public static string Read(string resourceName)
    {
        using var stream = typeof(SqlResources).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded SQL '{resourceName}' is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
