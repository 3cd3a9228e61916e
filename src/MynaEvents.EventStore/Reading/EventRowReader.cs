using MynaEvents.EventStore.Schema;
using MynaEvents.EventStore.Serialization;
using Npgsql;

namespace MynaEvents.EventStore.Reading;

/// <summary>Maps the shared event column list (EventRows.sql) to <see cref="RecordedEvent"/>.</summary>
internal static class EventRowReader
{
    private static readonly string Columns = StripComments(SqlResources.Get("EventRows.sql"));

    /// <summary>Puts the shared column list into a query that says /*columns*/.</summary>
    public static string WithColumns(string sqlFile) => SqlResources.Get(sqlFile).Replace("/*columns*/", Columns, StringComparison.Ordinal);

    public static RecordedEvent Read(NpgsqlDataReader row, EventTypeRegistry types)
    {
        var eventType = row.GetString(5);
        return new RecordedEvent(
            new Position(row.GetFieldValue<ulong>(1), row.GetInt64(0)),
            row.GetString(2),
            row.GetString(3),
            row.GetInt64(4),
            eventType,
            types.Deserialize(eventType, row.GetString(6)),
            new EventMetadata(
                row.IsDBNull(7) ? null : row.GetGuid(7),
                row.IsDBNull(8) ? null : row.GetString(8),
                row.IsDBNull(9) ? null : row.GetString(9),
                row.IsDBNull(10) ? null : row.GetString(10),
                row.IsDBNull(11) ? null : row.GetString(11),
                row.GetFieldValue<DateTimeOffset>(12)),
            row.GetFieldValue<DateTimeOffset>(13));
    }

    private static string StripComments(string sql) =>
        string.Join('\n', sql.Split('\n').Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim();
}
