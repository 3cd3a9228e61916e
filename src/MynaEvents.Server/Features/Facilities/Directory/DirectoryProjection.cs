using MynaEvents.Domain.Colocation;
using MynaEvents.Domain.Devices;
using MynaEvents.Domain.Tenancy;
using MynaEvents.Server.Storage.Projections;
using MynaEvents.Server.Storage;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Server.Features.Facilities.Directory;

/// <summary>
/// Keeps the facility directory inline, in the append's transaction: the command that
/// registers a facility or a device, or declares a co-location, can be followed at once by a
/// command or a check that relies on it. Events of other features cost no round trip.
/// </summary>
internal sealed class DirectoryProjection : IViewProjection
{
    private const string InsertFacility = """
        insert into myna.facility_directory (tenant_id, facility_id, branch_id, kind, registration_number, name, address, registered_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8)
        """;

    private const string InsertDevice = """
        insert into myna.facility_devices (tenant_id, device_id, facility_id, kind, label, active, registered_at)
        values ($1, $2, $3, $4, $5, true, $6)
        """;

    private const string RetireDevice = """
        update myna.facility_devices set active = false, retired_at = $3
         where tenant_id = $1 and device_id = $2 and active
        """;

    private const string InsertColocation = """
        insert into myna.facility_colocations (tenant_id, colocation_id, branch_id, judo_facility_id, ahaki_facility_id,
                                               primary_facility_id, shared_device_ids, declared_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8)
        """;

    private const string WithdrawColocation = """
        update myna.facility_colocations set withdrawn_at = $3
         where tenant_id = $1 and colocation_id = $2 and withdrawn_at is null
        """;

    public string Name => "facility_directory";

    private static readonly HashSet<string> Relevant =
        ["FacilityRegistered", "DeviceRegistered", "DeviceRetired", "ColocationDeclared", "ColocationWithdrawn"];

    /// <summary>Only these change the directory; the verification hot path appends none of them.</summary>
    public bool Concerns(string eventType) => Relevant.Contains(eventType);

    public async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionContext context, CancellationToken cancellationToken)
    {
        await using var batch = context.CreateBatch();
        foreach (var recorded in events)
        {
            var command = ToCommand(recorded);
            if (command is not null) batch.BatchCommands.Add(command);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public IReadOnlyList<string> Tables { get; } = ["myna.facility_colocations", "myna.facility_devices", "myna.facility_directory"];

    private static NpgsqlBatchCommand? ToCommand(RecordedEvent recorded)
    {
        var tenant = recorded.TenantId;
        var at = recorded.RecordedAt;
        switch (recorded.Data)
        {
            case FacilityRegistered f:
                return Command(InsertFacility, tenant, f.FacilityId, f.BranchId, f.Kind.Code(), f.RegistrationNumber, f.Name, f.Address, at);
            case DeviceRegistered d when FacilityStreams.FacilityIdOf(recorded.StreamId) is { } facilityId:
                return Command(InsertDevice, tenant, d.DeviceId, facilityId, d.Kind.Code(), d.Label, at);
            case DeviceRetired r:
                return Command(RetireDevice, tenant, r.DeviceId, at);
            case ColocationDeclared c:
                return Command(InsertColocation, tenant, c.ColocationId, c.BranchId, c.JudoFacilityId, c.AhakiFacilityId,
                    c.PrimaryFacilityId, c.SharedDeviceIds.ToArray(), at);
            case ColocationWithdrawn w:
                return Command(WithdrawColocation, tenant, w.ColocationId, at);
            default:
                return null;
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(value switch
            {
                null => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value },
                string[] texts => new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = texts },
                DateTimeOffset instant => new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = instant.ToUniversalTime() },
                string text => new NpgsqlParameter<string> { TypedValue = text },
                _ => throw new ArgumentException($"Unexpected parameter type {value.GetType()}", nameof(values)),
            });
        return command;
    }
}
