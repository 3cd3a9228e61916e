using System.Globalization;
using System.Text;
using MynaEvents.Testing;
using Npgsql;

namespace MynaEvents.Server.Tests.Retention;

/// <summary>
/// Reads every row of every table in the database (all schemas but PostgreSQL's own) as text,
/// the way a dump would expose it, and reports which of the given values appear anywhere.
/// </summary>
public static class PlaintextScan
{
    // Tables, partitions and materialized views: everything that keeps rows of its own.
    private const string RelationsSql = """
        select quote_ident(n.nspname) || '.' || quote_ident(c.relname)
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p', 'm')
          and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
        order by 1
        """;

    /// <summary>"table: value" for every value found; empty when none is stored anywhere.</summary>
    public static async Task<List<string>> FindAsync(TestDatabase database, params string[] values)
    {
        var relations = new List<string>();
        await using (var command = database.DataSource.CreateCommand(RelationsSql))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) relations.Add(reader.GetString(0));
        Assert.NotEmpty(relations);

        var forms = values.ToDictionary(v => v, FormsOf);
        var found = new List<string>();
        foreach (var relation in relations)
        {
            await using var command = database.DataSource.CreateCommand($"select t::text from {relation} t");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = reader.GetString(0);
                foreach (var (value, spellings) in forms)
                    if (spellings.Any(s => row.Contains(s, StringComparison.OrdinalIgnoreCase))) found.Add($"{relation}: {value}");
            }
        }
        return [.. found.Distinct()];
    }

    /// <summary>
    /// The value as text, as JSON with \u escapes (System.Text.Json's default for non-ASCII;
    /// a row's text output doubles the backslash), and as the hex of its UTF-8 bytes (bytea).
    /// </summary>
    private static string[] FormsOf(string value)
    {
        var escaped = new StringBuilder();
        foreach (var c in value)
            escaped.Append(c < 128 ? c.ToString() : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture));
        return [value, escaped.ToString(), escaped.ToString().Replace("\\", "\\\\", StringComparison.Ordinal), Convert.ToHexString(Encoding.UTF8.GetBytes(value))];
    }
}
