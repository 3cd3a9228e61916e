using MynaEvents.EventStore.Schema;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.EventStore.Appending;

/// <summary>
/// Builds the one statement that appends a command's events, and maps its answer and its
/// errors to the store's types. Building is apart from executing so the same command runs
/// on a pooled connection or inside a caller's transaction.
/// </summary>
internal static class AppendCommand
{
    private static readonly string Sql = SqlResources.Get("AppendEvents.sql");

    public static NpgsqlCommand Create(PreparedAppend append)
    {
        var command = new NpgsqlCommand(Sql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<string> { TypedValue = append.TenantId });
        p.Add(new NpgsqlParameter<string> { TypedValue = append.StreamId });
        p.Add(Nullable(NpgsqlDbType.Text, append.Options.StreamType));
        p.Add(Nullable(NpgsqlDbType.Bigint, append.Expected.Value));
        p.Add(Nullable(NpgsqlDbType.Uuid, append.Options.CommandId));
        p.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = append.Types });
        p.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb, TypedValue = append.Payloads });
        p.Add(new NpgsqlParameter<DateTime[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, TypedValue = append.OccurredAt });
        p.Add(Nullable(NpgsqlDbType.Text, append.Options.CorrelationId));
        p.Add(Nullable(NpgsqlDbType.Text, append.Options.CausationId));
        p.Add(Nullable(NpgsqlDbType.Text, append.Options.DeviceId));
        p.Add(Nullable(NpgsqlDbType.Text, append.Options.Actor));
        return command;
    }

    public static async Task<AppendOutcome> ExecuteAsync(NpgsqlCommand command, PreparedAppend append, CancellationToken ct)
    {
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("The append function returned no row.");
            var sequences = reader.GetFieldValue<long[]>(0);
            return new AppendOutcome(
                sequences,
                reader.GetInt64(1),
                reader.GetInt64(2),
                reader.GetFieldValue<ulong>(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetBoolean(5));
        }
        catch (PostgresException e) when (e.SqlState == "MYN01")
        {
            throw new StreamVersionConflictException(append.TenantId, append.StreamId, append.Expected, long.Parse(e.Hint!, System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (PostgresException e) when (e.SqlState == "MYN02")
        {
            throw new CommandIdReusedException(append.Options.CommandId!.Value, append.StreamId, e.Hint ?? "");
        }
    }

    private static NpgsqlParameter Nullable<T>(NpgsqlDbType type, T? value) where T : struct =>
        new() { NpgsqlDbType = type, Value = value.HasValue ? value.Value : DBNull.Value };

    private static NpgsqlParameter Nullable(NpgsqlDbType type, string? value) =>
        new() { NpgsqlDbType = type, Value = (object?)value ?? DBNull.Value };
}

/// <summary>An append checked and serialised, ready to send.</summary>
internal sealed record PreparedAppend(
    string TenantId,
    string StreamId,
    ExpectedVersion Expected,
    IReadOnlyList<object> Events,
    string[] Types,
    string[] Payloads,
    DateTime[] OccurredAt,
    AppendOptions Options);

/// <summary>The append function's answer.</summary>
internal sealed record AppendOutcome(long[] Sequences, long FromVersion, long ToVersion, ulong TransactionId,
    DateTimeOffset RecordedAt, bool Duplicate);
