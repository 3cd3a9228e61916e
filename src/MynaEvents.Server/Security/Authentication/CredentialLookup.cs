using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Server.Security.Authentication;

/// <summary>
/// Finds the live credential behind a token hash: in the <see cref="KeptCredentials"/> when this
/// process found it moments ago and nothing changed since, else in one indexed query. A
/// credential is live when it is neither revoked nor expired and its person or device has not
/// been ended: the join makes revocation win even over a credential issued concurrently with it.
/// </summary>
internal sealed class CredentialLookup(NpgsqlDataSource dataSource, KeptCredentials cache)
{
    private const string Sql = """
        select c.kind, c.tenant_id, c.subject_id, c.role, c.facility_id, d.activated_at, c.expires_at
        from myna.security_credentials c
        left join myna.security_people p
               on c.kind = 'person' and p.tenant_id = c.tenant_id and p.person_id = c.subject_id
        left join myna.security_devices d
               on c.kind = 'device' and d.tenant_id = c.tenant_id and d.device_id = c.subject_id
        where c.token_hash = $1
          and c.revoked_at is null
          and (c.expires_at is null or c.expires_at > $2)
          and case c.kind
                  when 'person' then p.person_id is not null and p.revoked_at is null
                  else d.device_id is not null and d.retired_at is null
              end
        """;

    public async Task<Subject?> FindAsync(byte[] tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(tokenHash);
        if (cache.TryGet(key, now, out var kept)) return kept;
        // Read before the query: a change committed while it runs keeps its answer out of the cache.
        var generation = cache.Generation;
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = tokenHash, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;

        var kind = reader.GetString(0);
        var subjectId = reader.GetString(2);
        var subject = new Subject(
            subjectId,
            reader.GetString(3),
            reader.GetString(1),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            kind == "device" ? subjectId : null,
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
        cache.Keep(key, subject, reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), generation);
        return subject;
    }
}
