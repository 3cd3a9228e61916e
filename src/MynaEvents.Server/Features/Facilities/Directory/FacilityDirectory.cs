using MynaEvents.Domain.Devices;
using MynaEvents.Domain.Tenancy;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Server.Features.Facilities.Directory;

/// <summary>
/// Answers who a facility, a device or a co-location is, within one tenant. It reads the
/// tables the inline <see cref="DirectoryProjection"/> keeps, so it sees every committed
/// registration at once. Ids of another tenant are simply unknown.
/// </summary>
public sealed class FacilityDirectory(NpgsqlDataSource dataSource)
{
    private const string FacilityColumns = "tenant_id, facility_id, branch_id, kind, registration_number, name, address";
    private const string DeviceColumns = "tenant_id, device_id, facility_id, kind, label, active, registered_at, retired_at";
    private const string ColocationColumns =
        "tenant_id, colocation_id, branch_id, judo_facility_id, ahaki_facility_id, primary_facility_id, shared_device_ids, declared_at, withdrawn_at";

    public Task<DirectoryFacility?> FindFacilityAsync(string tenantId, string facilityId, CancellationToken cancellationToken) =>
        SingleAsync($"select {FacilityColumns} from myna.facility_directory where tenant_id = $1 and facility_id = $2",
            ReadFacility, cancellationToken, tenantId, facilityId);

    public Task<IReadOnlyList<DirectoryFacility>> FacilitiesAsync(string tenantId, CancellationToken cancellationToken) =>
        ListAsync($"select {FacilityColumns} from myna.facility_directory where tenant_id = $1 order by branch_id, kind",
            ReadFacility, cancellationToken, tenantId);

    /// <summary>A device of the tenant, active or retired; null when it was never registered.</summary>
    public Task<DirectoryDevice?> FindDeviceAsync(string tenantId, string deviceId, CancellationToken cancellationToken) =>
        SingleAsync($"select {DeviceColumns} from myna.facility_devices where tenant_id = $1 and device_id = $2",
            ReadDevice, cancellationToken, tenantId, deviceId);

    public Task<DirectoryColocation?> FindColocationAsync(string tenantId, string colocationId, CancellationToken cancellationToken) =>
        SingleAsync($"select {ColocationColumns} from myna.facility_colocations where tenant_id = $1 and colocation_id = $2",
            ReadColocation, cancellationToken, tenantId, colocationId);

    /// <summary>The facility's devices, retired ones included, in the order they were registered.</summary>
    public Task<IReadOnlyList<DirectoryDevice>> DevicesOfAsync(string tenantId, string facilityId, CancellationToken cancellationToken) =>
        ListAsync($"select {DeviceColumns} from myna.facility_devices where tenant_id = $1 and facility_id = $2 order by registered_at, device_id",
            ReadDevice, cancellationToken, tenantId, facilityId);

    /// <summary>Every declaration of the tenant, in force or withdrawn, newest first; only those naming <paramref name="facilityId"/> when given.</summary>
    public Task<IReadOnlyList<DirectoryColocation>> ColocationsAsync(string tenantId, string? facilityId, CancellationToken cancellationToken) =>
        facilityId is null
            ? ListAsync($"select {ColocationColumns} from myna.facility_colocations where tenant_id = $1 order by declared_at desc, colocation_id",
                ReadColocation, cancellationToken, tenantId)
            : ListAsync($"""
                select {ColocationColumns} from myna.facility_colocations
                 where tenant_id = $1 and (judo_facility_id = $2 or ahaki_facility_id = $2)
                 order by declared_at desc, colocation_id
                """, ReadColocation, cancellationToken, tenantId, facilityId);

    /// <summary>The declarations of the tenant that are in force now (not withdrawn).</summary>
    public Task<IReadOnlyList<DirectoryColocation>> ActiveColocationsAsync(string tenantId, CancellationToken cancellationToken) =>
        ListAsync($"select {ColocationColumns} from myna.facility_colocations where tenant_id = $1 and withdrawn_at is null",
            ReadColocation, cancellationToken, tenantId);

    /// <summary>
    /// The declaration involving <paramref name="facilityId"/> that was in force at
    /// <paramref name="instant"/> (compare with an event's recorded_at: the same database clock).
    /// A check recorded while a declaration was in force stays shared after its withdrawal.
    /// </summary>
    public Task<DirectoryColocation?> ColocationAtAsync(string tenantId, string facilityId, DateTimeOffset instant, CancellationToken cancellationToken) =>
        SingleAsync($"""
            select {ColocationColumns} from myna.facility_colocations
             where tenant_id = $1 and (judo_facility_id = $2 or ahaki_facility_id = $2)
               and declared_at <= $3 and (withdrawn_at is null or withdrawn_at > $3)
             order by declared_at desc limit 1
            """, ReadColocation, cancellationToken, tenantId, facilityId, instant);

    /// <summary>The co-located partner facility at <paramref name="instant"/>, or null.</summary>
    public async Task<string?> PartnerAtAsync(string tenantId, string facilityId, DateTimeOffset instant, CancellationToken cancellationToken) =>
        (await ColocationAtAsync(tenantId, facilityId, instant, cancellationToken))?.PartnerOf(facilityId);

    /// <summary>The co-located partner facility now (a declaration not withdrawn), or null.</summary>
    public async Task<string?> ActivePartnerAsync(string tenantId, string facilityId, CancellationToken cancellationToken) =>
        (await ActiveColocationOfAsync(tenantId, facilityId, cancellationToken))?.PartnerOf(facilityId);

    /// <summary>The declaration involving <paramref name="facilityId"/> that is in force now, or null.</summary>
    public Task<DirectoryColocation?> ActiveColocationOfAsync(string tenantId, string facilityId, CancellationToken cancellationToken) =>
        SingleAsync($"""
            select {ColocationColumns} from myna.facility_colocations
             where tenant_id = $1 and (judo_facility_id = $2 or ahaki_facility_id = $2) and withdrawn_at is null
            """, ReadColocation, cancellationToken, tenantId, facilityId);

    /// <summary>
    /// Whether a device may read cards for a facility now: an active device of the facility
    /// itself, or an active device shared (兼用) by a co-location in force between its own
    /// facility and this one.
    /// </summary>
    public async Task<bool> DeviceMayServeAsync(string tenantId, string deviceId, string facilityId, CancellationToken cancellationToken)
    {
        var device = await FindDeviceAsync(tenantId, deviceId, cancellationToken);
        if (device is not { Active: true }) return false;
        if (device.FacilityId == facilityId) return true;
        var colocation = await ActiveColocationOfAsync(tenantId, facilityId, cancellationToken);
        return colocation is not null && colocation.PartnerOf(facilityId) == device.FacilityId && colocation.SharedDeviceIds.Contains(deviceId);
    }

    private async Task<T?> SingleAsync<T>(string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params object[] values)
        where T : class =>
        (await ListAsync(sql, read, cancellationToken, values)) is [var first, ..] ? first : null;

    private async Task<IReadOnlyList<T>> ListAsync<T>(string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(value switch
            {
                string text => new NpgsqlParameter<string> { TypedValue = text },
                DateTimeOffset instant => new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = instant.ToUniversalTime() },
                _ => throw new ArgumentException($"Unexpected parameter type {value.GetType()}", nameof(values)),
            });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return rows;
    }

    private static DirectoryFacility ReadFacility(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), ParseKind(r.GetString(3)), r.GetString(4), r.GetString(5), r.GetString(6));

    private static DirectoryDevice ReadDevice(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2),
        DeviceKinds.TryParse(r.GetString(3), out var kind) ? kind : throw new InvalidOperationException($"Unknown device kind '{r.GetString(3)}' in the directory."),
        r.IsDBNull(4) ? null : r.GetString(4), r.GetBoolean(5), r.GetFieldValue<DateTimeOffset>(6),
        r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7));

    private static DirectoryColocation ReadColocation(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
        r.GetFieldValue<string[]>(6), r.GetFieldValue<DateTimeOffset>(7), r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8));

    private static FacilityKind ParseKind(string code) =>
        FacilityKinds.TryParse(code, out var kind) ? kind : throw new InvalidOperationException($"Unknown facility kind '{code}' in the directory.");
}
