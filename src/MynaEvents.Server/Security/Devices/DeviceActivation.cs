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

internal sealed record ActivationResult(ActivationOutcome Outcome, string? TenantId = null, string? FacilityId = null, string? DeviceId = null);

/// <summary>
/// Turns an activation code into a device credential in one statement: the code is marked
/// used only if it is unused, unrevoked and unexpired, the device's earlier credentials end
/// (a reinstalled app replaces the old one), the device's first activation time is set once,
/// and the new credential's hash is stored. When two requests race with one code, the row lock
/// lets exactly one of them activate.
/// </summary>
internal sealed class DeviceActivation(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string Sql = """
        with code as (
            select tenant_id, facility_id, device_id, expires_at, used_at, revoked_at
            from myna.security_activation_codes where code_hash = $1
        ), used as (
            update myna.security_activation_codes set used_at = $2
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
            insert into myna.security_credentials (token_hash, kind, tenant_id, subject_id, role, facility_id, issued_at)
            select $3, 'device', tenant_id, device_id, 'device', facility_id, $2 from used
            returning 1
        )
        select tenant_id, facility_id, device_id, expires_at <= $2, used_at is not null, revoked_at is not null,
               exists (select from issued)
        from code
        """;

    public async Task<ActivationResult> ActivateAsync(string normalizedCode, string credential, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = ActivationCode.Hash(normalizedCode), NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = BearerTokens.Hash(credential), NpgsqlDbType = NpgsqlDbType.Bytea });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return new ActivationResult(ActivationOutcome.Unknown);

        var (tenantId, facilityId, deviceId) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
        var outcome = reader.GetBoolean(6) ? ActivationOutcome.Activated
            : reader.GetBoolean(4) ? ActivationOutcome.AlreadyUsed
            : reader.GetBoolean(5) ? ActivationOutcome.Revoked
            : reader.GetBoolean(3) ? ActivationOutcome.Expired
            // Unused, valid and still not activated: a concurrent request used it first.
            : ActivationOutcome.AlreadyUsed;
        return new ActivationResult(outcome, tenantId, facilityId, deviceId);
    }
}
