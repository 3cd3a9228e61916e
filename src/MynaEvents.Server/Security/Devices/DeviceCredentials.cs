using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Server.Security.Devices;

/// <summary>
/// Issues activation codes for registered devices and ends the credentials of retired ones.
/// The facility feature calls these after it records DeviceRegistered or DeviceRetired.
/// </summary>
internal sealed class DeviceCredentials(NpgsqlDataSource dataSource, SecurityOptions options, TimeProvider time, ILogger<DeviceCredentials> logger)
    : IDeviceCredentials
{
    // A new code replaces any unused earlier one of the same device: only the latest paper counts.
    private const string IssueSql = """
        with device as (
            insert into myna.security_devices (tenant_id, device_id, facility_id, created_at)
            values ($1, $3, $2, $5)
            on conflict (tenant_id, device_id) do update set tenant_id = excluded.tenant_id
            returning facility_id, retired_at
        ), replaced as (
            update myna.security_activation_codes set revoked_at = $5
            where tenant_id = $1 and device_id = $3 and used_at is null and revoked_at is null
              and exists (select from device where retired_at is null and facility_id = $2)
        ), issued as (
            insert into myna.security_activation_codes (code_hash, tenant_id, facility_id, device_id, issued_at, expires_at)
            select $4, $1, $2, $3, $5, $6 from device where retired_at is null and facility_id = $2
            returning 1
        )
        select device.facility_id, device.retired_at is not null, exists (select from issued) from device
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

    public async Task<string> IssueActivationCodeAsync(string tenantId, string facilityId, string deviceId, CancellationToken cancellationToken)
    {
        Require(tenantId, nameof(tenantId));
        Require(facilityId, nameof(facilityId));
        Require(deviceId, nameof(deviceId));

        var code = ActivationCode.New();
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand(IssueSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = facilityId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = deviceId });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = ActivationCode.Hash(ActivationCode.Normalize(code)!), NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now + options.ActivationCodeLifetime });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (knownFacility, retired, issued) = (reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2));
        if (!issued)
            throw new InvalidOperationException(retired
                ? $"Device {deviceId} of tenant {tenantId} is retired; a retired device gets no activation code."
                : $"Device {deviceId} of tenant {tenantId} belongs to facility {knownFacility}, not {facilityId}.");

        logger.LogInformation("Activation code issued for device {DeviceId} of facility {FacilityId} in tenant {TenantId}", deviceId, facilityId, tenantId);
        return code;
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
        logger.LogInformation("Credentials of device {DeviceId} in tenant {TenantId} revoked", deviceId, tenantId);
    }

    private static void Require(string value, string name)
    {
        if (!Identifiers.IsValid(value)) throw new ArgumentException($"{name} {Identifiers.Rule}.", name);
    }
}
