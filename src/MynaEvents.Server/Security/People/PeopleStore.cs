using MynaEvents.Server.Security.Authentication;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Server.Security.People;

/// <summary>People of a group and their personal access tokens; each operation is one statement.</summary>
internal sealed class PeopleStore(NpgsqlDataSource dataSource)
{
    private const string CreateSql = """
        with person as (
            insert into myna.security_people (tenant_id, person_id, display_name, role, facility_id, created_at, created_by)
            values ($1, $2, $3, $4, $5, $6, $7)
            returning tenant_id, person_id, role, facility_id
        )
        insert into myna.security_credentials (token_hash, kind, tenant_id, subject_id, role, facility_id, issued_at, expires_at)
        select $8, 'person', tenant_id, person_id, role, facility_id, $6, $9 from person
        """;

    // The person row is locked so that a concurrent revocation waits for this token, and the
    // lookup's join on the person refuses the token once the revocation commits.
    private const string RotateSql = """
        with person as (
            select role, facility_id from myna.security_people
            where tenant_id = $1 and person_id = $2 and revoked_at is null
            for update
        ), retired as (
            update myna.security_credentials set revoked_at = $4
            where kind = 'person' and tenant_id = $1 and subject_id = $2 and revoked_at is null
              and exists (select from person)
        )
        insert into myna.security_credentials (token_hash, kind, tenant_id, subject_id, role, facility_id, issued_at, expires_at)
        select $3, 'person', $1, $2, role, facility_id, $4, $5 from person
        """;

    private const string RevokeSql = """
        with person as (
            update myna.security_people set revoked_at = coalesce(revoked_at, $3)
            where tenant_id = $1 and person_id = $2
            returning person_id
        ), credentials as (
            update myna.security_credentials set revoked_at = $3
            where kind = 'person' and tenant_id = $1 and subject_id = $2 and revoked_at is null
        )
        select count(*) from person
        """;

    private const string ListSql = """
        select person_id, display_name, role, facility_id, created_at, revoked_at
        from myna.security_people where tenant_id = $1
        order by created_at, person_id
        """;

    public async Task CreateAsync(string tenantId, string personId, string displayName, string role, string? facilityId,
        string createdBy, string token, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(CreateSql);
        command.Parameters.Add(Text(tenantId));
        command.Parameters.Add(Text(personId));
        command.Parameters.Add(Text(displayName));
        command.Parameters.Add(Text(role));
        command.Parameters.Add(Text(facilityId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(Text(createdBy));
        command.Parameters.Add(Hash(token));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = expiresAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Issues a new token and ends the earlier ones; false when the person is unknown or revoked.</summary>
    public async Task<bool> RotateAsync(string tenantId, string personId, string token, DateTimeOffset now, DateTimeOffset expiresAt,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(RotateSql);
        command.Parameters.Add(Text(tenantId));
        command.Parameters.Add(Text(personId));
        command.Parameters.Add(Hash(token));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = expiresAt });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Ends the person and every token of theirs; false when the person is unknown in this tenant.</summary>
    public async Task<bool> RevokeAsync(string tenantId, string personId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(RevokeSql);
        command.Parameters.Add(Text(tenantId));
        command.Parameters.Add(Text(personId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    public async Task<List<PersonResponse>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ListSql);
        command.Parameters.Add(Text(tenantId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var people = new List<PersonResponse>();
        while (await reader.ReadAsync(cancellationToken))
            people.Add(new PersonResponse(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        return people;
    }

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter<byte[]> Hash(string token) =>
        new() { TypedValue = BearerTokens.Hash(token), NpgsqlDbType = NpgsqlDbType.Bytea };
}
