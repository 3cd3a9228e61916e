using MynaEvents.Server.Idempotency;
using MynaEvents.Server.Security.Authentication;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Server.Security.Devices;

internal enum ActivationOutcome
{
    Activated,
    Unknown,
    Expired,
    AlreadyUsed,
    Revoked,
}

/// <summary>What an activation found; <see cref="Credential"/> only when it activated (now, or the first time: <see cref="Repeated"/>).</summary>
internal sealed record ActivationResult(ActivationOutcome Outcome, string? TenantId = null, string? FacilityId = null, string? DeviceId = null,
    string? Credential = null, bool Repeated = false);

/// <summary>
/// Turns an activation code into a device credential in one statement: the code is marked
/// used (by this command) only if it is unused, unrevoked and unexpired, the device's earlier
/// credentials end (a reinstalled app replaces the old one), the device's first activation time
/// is set once, and the new credential's hash is stored. When two requests race with one code,
/// the row lock lets exactly one of them activate. A resend of the activating command finds the code used by itself and answers
/// with the same credential, which is derived from the code and the command id.
/// </summary>
internal sealed class DeviceActivation(NpgsqlDataSource dataSource, DerivedSecrets secrets, TimeProvider time, KeptCredentials credentials)
{
    private const string CredentialPurpose = "device-credential";
    private const string UniqueViolation = "23505";

    private const string Sql = """
        with code as (
            select tenant_id, facility_id, device_id, expires_at, used_at, revoked_at, used_by_command
            from myna.security_activation_codes where code_hash = $1
        ), used as (
            update myna.security_activation_codes set used_at = $2, used_by_command = $4
            where code_hash = $1 and used_at is null and revoked_at is null and expires_at > $2
            returning tenant_id, facility_id, device_id
        ), replaced as (
            update myna.security_credentials c set revoked_at = $2
            from used
            where c.kind = 'device' and c.tenant_id = used.tenant_id and c.subject_id = used.device_id and c.revoked_at is null
        ), first_activation as (
            update myna.security_devices d set activated_at = $2
            from used
            where d.tenant_id = used.tenant_id and d.device_id = used.device_id and d.activated_at is null
        ), issued as (
            insert into myna.security_credentials (token_hash, kind, tenant_id, subject_id, role, facility_id, issued_at, command_id)
            select $3, 'device', tenant_id, device_id, 'device', facility_id, $2, $4 from used
            returning 1
        )
        select tenant_id, facility_id, device_id, expires_at <= $2, used_at is not null, revoked_at is not null,
               exists (select from issued), used_by_command = $4,
               (select token_hash from myna.security_credentials c
                 where c.tenant_id = code.tenant_id and c.command_id = $4 and c.kind = 'device' and c.subject_id = code.device_id)
        from code
        """;

    public async Task<ActivationResult> ActivateAsync(string normalizedCode, Guid commandId, CancellationToken cancellationToken)
    {
        var codeHash = ActivationCode.Hash(normalizedCode);
        var codeName = Convert.ToHexStringLower(codeHash);
        var credential = BearerTokens.From(CredentialKind.Device, secrets.Issue(CredentialPurpose, "", codeName, commandId, BearerTokens.SecretBytes));
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = codeHash, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = BearerTokens.Hash(credential), NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = commandId });
        NpgsqlDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation && e.ConstraintName == "security_credentials_command")
        {
            throw new ReusedCommandIdException(commandId);
        }
        var activated = false;
        try
        {
            await using (reader)
            {
                if (!await reader.ReadAsync(cancellationToken)) return new ActivationResult(ActivationOutcome.Unknown);

                var (tenantId, facilityId, deviceId) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
                activated = reader.GetBoolean(6);
                if (activated) return new ActivationResult(ActivationOutcome.Activated, tenantId, facilityId, deviceId, credential);
                if (!reader.IsDBNull(7) && reader.GetBoolean(7) && !reader.IsDBNull(8))
                {
                    var storedHash = reader.GetFieldValue<byte[]>(8);
                    var first = secrets.Reproduce(CredentialPurpose, "", codeName, commandId, BearerTokens.SecretBytes,
                        secret => BearerTokens.Hash(BearerTokens.From(CredentialKind.Device, secret)).AsSpan().SequenceEqual(storedHash))
                        ?? throw new FirstAnswerLostException("commandId");
                    return new ActivationResult(ActivationOutcome.Activated, tenantId, facilityId, deviceId, BearerTokens.From(CredentialKind.Device, first), Repeated: true);
                }
                var outcome = reader.GetBoolean(4) ? ActivationOutcome.AlreadyUsed
                    : reader.GetBoolean(5) ? ActivationOutcome.Revoked
                    : reader.GetBoolean(3) ? ActivationOutcome.Expired
                    // Unused, valid and still not activated: a concurrent request used it first.
                    : ActivationOutcome.AlreadyUsed;
                return new ActivationResult(outcome, tenantId, facilityId, deviceId);
            }
        }
        finally
        {
            // An activation ends the device's earlier credential: not one more request of it here
            // (once committed, when the reader is closed). A refused code changed nothing.
            if (activated) credentials.Invalidate();
        }
    }
}
