using MynaEvents.Server.Security.Authentication;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Server.Security.People;

/// <summary>A person's row and the credential a command issued them; what a resend answers from.</summary>
internal sealed record IssuedPersonCredential(
    string PersonId, string DisplayName, string Role, string? FacilityId, string IssuedBy, byte[] TokenHash, DateTimeOffset ExpiresAt);

/// <summary>
/// People of a group and their personal access tokens; each operation is one statement. The
/// rows a command writes carry its command id: a second send of the same id writes nothing
/// (the unique index on the command id) and finds what the first one wrote.
/// </summary>
internal sealed class PeopleStore(NpgsqlDataSource dataSource, KeptCredentials credentials)
{
    private const string UniqueViolation = "23505";

    private const string CreateSql = """
        with person as (
            insert into myna.security_people (tenant_id, person_id, display_name, role, facility_id, created_at, created_by, command_id)
            values ($1, $2, $3, $4, $5, $6, $7, $10)
            on conflict (tenant_id, command_id) do nothing
            returning tenant_id, person_id, role, facility_id
        )
        insert into myna.security_credentials (token_hash, kind, tenant_id, subject_id, role, facility_id, issued_at, expires_at, command_id)
        select $8, 'person', tenant_id, person_id, role, facility_id, $6, $9, $10 from person
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
        insert into myna.security_credentials (token_hash, kind, tenant_id, subject_id, role, facility_id, issued_at, expires_at, command_id)
        select $3, 'person', $1, $2, role, facility_id, $4, $5, $6 from person
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

    // Whatever a command id issued in the group: a person with their first credential, or a
    // later credential of a person (a rotation). The person's created_by is who sent it.
    private const string IssuedByCommandSql = """
        select p.person_id, p.display_name, p.role, p.facility_id,
               case when p.command_id = c.command_id then p.created_by else null end, c.token_hash, c.expires_at
        from myna.security_credentials c
        join myna.security_people p on p.tenant_id = c.tenant_id and p.person_id = c.subject_id
        where c.tenant_id = $1 and c.command_id = $2 and c.kind = 'person'
        """;

    /// <summary>False when the command id was already used in the group: nothing was written.</summary>
    public async Task<bool> CreateAsync(string tenantId, string personId, string displayName, string role, string? facilityId,
        string createdBy, byte[] tokenHash, DateTimeOffset now, DateTimeOffset expiresAt, Guid commandId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(CreateSql);
        command.Parameters.Add(Text(tenantId));
        command.Parameters.Add(Text(personId));
        command.Parameters.Add(Text(displayName));
        command.Parameters.Add(Text(role));
        command.Parameters.Add(Text(facilityId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(Text(createdBy));
        command.Parameters.Add(Hash(tokenHash));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = expiresAt });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = commandId });
        return await ExecuteUnlessCommandUsedAsync(command, cancellationToken) == 1;
    }

    /// <summary>
    /// Issues a new token and ends the earlier ones. Null when the person is unknown or revoked;
    /// false when the command id was already used in the group (nothing written).
    /// </summary>
    public async Task<bool?> RotateAsync(string tenantId, string personId, byte[] tokenHash, DateTimeOffset now, DateTimeOffset expiresAt,
        Guid commandId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(RotateSql);
        command.Parameters.Add(Text(tenantId));
        command.Parameters.Add(Text(personId));
        command.Parameters.Add(Hash(tokenHash));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = expiresAt });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = commandId });
        var rotated = await ExecuteUnlessCommandUsedAsync(command, cancellationToken);
        credentials.Invalidate();
        return rotated switch
        {
            1 => true,
            0 => null,
            _ => false,
        };
    }

    /// <summary>The person and credential the command id issued in the group, or null when it issued none.</summary>
    public async Task<IssuedPersonCredential?> IssuedByAsync(string tenantId, Guid commandId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(IssuedByCommandSql);
        command.Parameters.Add(Text(tenantId));
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = commandId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new IssuedPersonCredential(reader.GetString(0), reader.GetString(1), reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? "" : reader.GetString(4),
            reader.GetFieldValue<byte[]>(5), reader.GetFieldValue<DateTimeOffset>(6));
    }

    /// <summary>Ends the person and every token of theirs; false when the person is unknown in this tenant.</summary>
    public async Task<bool> RevokeAsync(string tenantId, string personId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(RevokeSql);
        command.Parameters.Add(Text(tenantId));
        command.Parameters.Add(Text(personId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        var revoked = (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
        credentials.Invalidate();
        return revoked;
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

    /// <summary>Rows written, or -1 when a unique index refused the command id (it names another command).</summary>
    private static async Task<int> ExecuteUnlessCommandUsedAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation && e.ConstraintName?.EndsWith("_command", StringComparison.Ordinal) == true)
        {
            return -1;
        }
    }

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter<byte[]> Hash(byte[] tokenHash) =>
        new() { TypedValue = tokenHash, NpgsqlDbType = NpgsqlDbType.Bytea };
}
