using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Server.Privacy;

/// <summary>A data key row as read back: never the key itself, only its wrapped form.</summary>
internal sealed record DataKeyRow(Guid KeyId, string VerificationId, string MasterKeyId, byte[] WrappedKey, DateTimeOffset ShredAfter);

/// <summary>The SQL of the data key table; each method builds one round trip, the protector runs it.</summary>
internal static class DataKeyStatements
{
    // On a conflict the existing key wins, so concurrent seals share one key. Its deadline
    // only ever moves earlier: personal data never stays readable longer than any caller
    // asked. The WHERE leaves the row unwritten in the usual case of an equal deadline.
    private const string InsertSql = """
        insert into myna.data_keys (key_id, tenant_id, verification_id, kek_id, wrapped_key, shred_after)
        values ($1, $2, $3, $4, $5, $6)
        on conflict (tenant_id, verification_id) do update set shred_after = excluded.shred_after
        where myna.data_keys.shred_after > excluded.shred_after
        """;

    // A separate statement, not a CTE over the insert: under READ COMMITTED it takes a fresh
    // snapshot, so it sees the row of a concurrent winner that the insert waited for.
    private const string ReadByVerificationSql = """
        select key_id, verification_id, kek_id, wrapped_key, shred_after
        from myna.data_keys where tenant_id = $1 and verification_id = $2
        """;

    // Keys past their deadline are left in the table, not returned: the deadline holds
    // whether or not the sweeper has run.
    private const string ReadLiveSql = """
        select key_id, verification_id, kek_id, wrapped_key, shred_after
        from myna.data_keys where tenant_id = $1 and key_id = any($2) and shred_after > $3
        """;

    private const string ShredDueSql = """
        delete from myna.data_keys
        where key_id in (select key_id from myna.data_keys where shred_after <= $1 limit $2)
        """;

    /// <summary>Insert-or-keep, then read the verification's one key: a batch, one round trip.</summary>
    public static NpgsqlBatch GetOrCreate(NpgsqlDataSource dataSource, string tenantId, string verificationId, Guid keyId, string masterKeyId, byte[] wrappedKey, DateTimeOffset shredAfter)
    {
        var batch = dataSource.CreateBatch();
        var insert = new NpgsqlBatchCommand(InsertSql);
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = keyId });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = verificationId });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = masterKeyId });
        insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = wrappedKey });
        insert.Parameters.Add(Timestamp(shredAfter));
        batch.BatchCommands.Add(insert);
        var read = new NpgsqlBatchCommand(ReadByVerificationSql);
        read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = verificationId });
        batch.BatchCommands.Add(read);
        return batch;
    }

    public static NpgsqlCommand ReadLive(NpgsqlDataSource dataSource, string tenantId, Guid[] keyIds, DateTimeOffset now)
    {
        var command = dataSource.CreateCommand(ReadLiveSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = keyIds });
        command.Parameters.Add(Timestamp(now));
        return command;
    }

    public static NpgsqlCommand ShredDue(NpgsqlDataSource dataSource, DateTimeOffset now, int limit)
    {
        var command = dataSource.CreateCommand(ShredDueSql);
        command.Parameters.Add(Timestamp(now));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return command;
    }

    public static async Task<List<DataKeyRow>> ReadRowsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var rows = new List<DataKeyRow>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new DataKeyRow(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                reader.GetFieldValue<byte[]>(3), reader.GetFieldValue<DateTimeOffset>(4)));
        return rows;
    }

    // Npgsql writes only UTC offsets to timestamptz; callers naturally pass JST deadlines.
    private static NpgsqlParameter<DateTimeOffset> Timestamp(DateTimeOffset value) =>
        new() { TypedValue = value.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
