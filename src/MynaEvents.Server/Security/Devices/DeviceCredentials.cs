using MynaEvents.Server.Idempotency;
using MynaEvents.Server.Security.Authentication;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Server.Security.Devices;

/// <summary>
/// Issues activation codes for registered devices and ends the credentials of retired ones.
/// The facility feature calls these after it records DeviceRegistered or DeviceRetired.
/// </summary>
internal sealed class DeviceCredentials(
    NpgsqlDataSource dataSource, DerivedSecrets secrets, SecurityOptions options, TimeProvider time, KeptCredentials credentials, ILogger<DeviceCredentials> logger)
    : IDeviceCredentials
{
    private const string CodePurpose = "activation-code";

    // A new code replaces any unused earlier one of the same device: only the latest paper
    // counts. A command id that issued a code already issues nothing and replaces nothing: the
    // resend answers with that code.
    private const string IssueSql = """
        with device as (
            insert into myna.security_devices (tenant_id, device_id, facility_id, created_at)
            values ($1, $3, $2, $5)
            on conflict (tenant_id, device_id) do update set tenant_id = excluded.tenant_id
            returning facility_id, retired_at
        ), earlier as (
            select device_id, code_hash, expires_at from myna.security_activation_codes where tenant_id = $1 and command_id = $7
        ), replaced as (
            update myna.security_activation_codes set revoked_at = $5
            where tenant_id = $1 and device_id = $3 and used_at is null and revoked_at is null
              and exists (select from device where retired_at is null and facility_id = $2)
              and not exists (select from earlier)
        ), issued as (
            insert into myna.security_activation_codes (code_hash, tenant_id, facility_id, device_id, issued_at, expires_at, command_id)
            select $4, $1, $2, $3, $5, $6, $7 from device
            where retired_at is null and facility_id = $2 and not exists (select from earlier)
            returning 1
        )
        select device.facility_id, device.retired_at is not null, exists (select from issued),
               (select device_id from earlier), (select code_hash from earlier), (select expires_at from earlier)
        from device
        """;

    private const string ActivatedSql = """
        select subject_id, max(issued_at) from myna.security_credentials
        where kind = 'device' and tenant_id = $1 and facility_id = $2 and revoked_at is null
        group by subject_id
        """;

    private const string RevokeSql = """
        with device as (
            insert into myna.security_devices (tenant_id, device_id, facility_id, created_at, retired_at)
            values ($1, $2, '', $3, $3)
            on conflict (tenant_id, device_id) do update set retired_at = coalesce(myna.security_devices.retired_at, excluded.retired_at)
        ), codes as (
            update myna.security_activation_codes set revoked_at = $3
            where tenant_id = $1 and device_id = $2 and used_at is null and revoked_at is null
        ), credentials as (
            update myna.security_credentials set revoked_at = $3
            where kind = 'device' and tenant_id = $1 and subject_id = $2 and revoked_at is null
        )
        delete from myna.security_challenges where tenant_id = $1 and device_id = $2
        """;

    public async Task<IssuedActivationCode?> IssueActivationCodeAsync(string tenantId, string facilityId, string deviceId, Guid commandId,
        CancellationToken cancellationToken)
    {
        Require(tenantId, nameof(tenantId));
        Require(facilityId, nameof(facilityId));
        Require(deviceId, nameof(deviceId));

        var code = ActivationCode.From(secrets.Issue(CodePurpose, tenantId, deviceId, commandId, ActivationCode.SecretBytes));
        var now = time.GetUtcNow().AsStored();
        var expiresAt = now + options.ActivationCodeLifetime;
        await using var command = dataSource.CreateCommand(IssueSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = facilityId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = deviceId });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = ActivationCode.Hash(ActivationCode.Normalize(code)!), NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = expiresAt });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = commandId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (knownFacility, retired, issued) = (reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2));
        if (!reader.IsDBNull(3))
        {
            if (reader.GetString(3) != deviceId) throw new ReusedCommandIdException(commandId);
            var storedHash = reader.GetFieldValue<byte[]>(4);
            var earlier = secrets.Reproduce(CodePurpose, tenantId, deviceId, commandId, ActivationCode.SecretBytes,
                secret => ActivationCode.Hash(ActivationCode.Normalize(ActivationCode.From(secret))!).AsSpan().SequenceEqual(storedHash))
                ?? throw new FirstAnswerLostException("commandId");
            return new IssuedActivationCode(ActivationCode.From(earlier), reader.GetFieldValue<DateTimeOffset>(5), Repeated: true);
        }
        if (!issued && retired) return null;
        if (!issued) throw new InvalidOperationException($"Device {deviceId} of tenant {tenantId} belongs to facility {knownFacility}, not {facilityId}.");

        logger.LogInformation("Activation code issued for device {DeviceId} of facility {FacilityId} in tenant {TenantId}", deviceId, facilityId, tenantId);
        return new IssuedActivationCode(code, expiresAt);
    }

    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> ActivatedAtAsync(string tenantId, string facilityId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ActivatedSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = facilityId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var activated = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken)) activated[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        return activated;
    }

    public async Task RevokeAsync(string tenantId, string deviceId, CancellationToken cancellationToken)
    {
        Require(tenantId, nameof(tenantId));
        Require(deviceId, nameof(deviceId));

        await using var command = dataSource.CreateCommand(RevokeSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = deviceId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow() });
        await command.ExecuteNonQueryAsync(cancellationToken);
        credentials.Invalidate();
        logger.LogInformation("Credentials of device {DeviceId} in tenant {TenantId} revoked", deviceId, tenantId);
    }

    private static void Require(string value, string name)
    {
        if (!Identifiers.IsValid(value)) throw new ArgumentException($"{name} {Identifiers.Rule}.", name);
    }
}
