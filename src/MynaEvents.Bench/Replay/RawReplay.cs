using System.Diagnostics;
using MynaEvents.Domain.Verification;
using MynaEvents.Bench.CatchUp;
using MynaEvents.Server.Storage;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Bench.Replay;

/// <summary>
/// The raw side of the replay benchmark: what a rebuild of the facility view costs at the
/// least. Per batch, in one transaction: read the next events of Marten's table by sequence
/// number (every column the daemon reads), deserialise each payload with the server's registry into its
/// event type, COPY one row per event holding the view columns that event sets, move a
/// checkpoint row, commit. No unsealing, no directory look-up, no update of earlier rows.
/// </summary>
internal sealed class RawReplay(NpgsqlDataSource dataSource, EventTypeRegistry types, int batchSize)
{
    public const string Table = "bench.replay_raw";

    public const string CreateSql = $"""
        drop table if exists {Table};
        create table {Table} (
            seq bigint not null, tenant_id text not null, verification_id text not null, version bigint not null,
            status text not null, facility_id text, treatment_date date, occurred_at timestamptz not null,
            recorded_at timestamptz not null, staff_id text, identity_method text, lookup_failure text,
            insurer_number text, burden_ratio text, validity int, personal_key_id text);
        """;

    private static readonly string CheckpointSql = RawCatchUp.CheckpointSqlFor("replay");

    public async Task<TimeSpan> RunAsync(long last, CancellationToken ct)
    {
        await using (var reset = dataSource.CreateCommand(RawCatchUp.ResetSqlFor("replay", Table)))
            await reset.ExecuteNonQueryAsync(ct);

        var started = Stopwatch.GetTimestamp();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var position = 0L;
        while (position < last)
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var count = 0;
            var rows = new List<Row>(batchSize);
            await using (var read = new NpgsqlCommand(RawCatchUp.ReadSql, connection, transaction))
            {
                read.Parameters.Add(Parameters.Int64(position));
                read.Parameters.Add(Parameters.Int32(batchSize));
                await using var r = await read.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    // Every column read, as the daemon reads it, so both sides pay for the same bytes.
                    var e = RawEvent.Read(r);
                    position = e.Seq;
                    var data = types.Deserialize(e.EventType, e.Data);
                    if (RowOf(e.Seq, e.TenantId, e.StreamId, e.Version, e.Timestamp, data) is { } row) rows.Add(row);
                    count++;
                }
            }
            if (count == 0) throw new InvalidOperationException($"The raw replay loop found no events after {position} before {last}.");

            await CopyAsync(connection, rows, ct);
            await using (var checkpoint = new NpgsqlCommand(CheckpointSql, connection, transaction))
            {
                checkpoint.Parameters.Add(Parameters.Int64(position));
                checkpoint.Parameters.Add(Parameters.Int64(count));
                await checkpoint.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
        }
        return Stopwatch.GetElapsedTime(started);
    }

    private sealed record Row(long Seq, string Tenant, string VerificationId, long Version, string Status, string? FacilityId, DateOnly? TreatmentDate,
        DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, string? StaffId = null, string? IdentityMethod = null, string? LookupFailure = null,
        Eligibility? Eligibility = null, string? PersonalKeyId = null);

    private static Row? RowOf(long seq, string tenant, string stream, long version, DateTimeOffset recordedAt, object data)
    {
        const string prefix = "verification-";
        if (!stream.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var id = stream[prefix.Length..];
        return data switch
        {
            CardRead c => new Row(seq, tenant, id, version, "card_read", c.TreatedAtFacilityId, c.TreatmentDate, c.OccurredAt, recordedAt),
            IdentityVerified i => new Row(seq, tenant, id, version, "identity_verified", null, null, i.OccurredAt, recordedAt,
                StaffId: i.StaffId, IdentityMethod: i.Mode == IdentityMode.Pin ? "pin" : "visual"),
            EligibilityLookupFailed f => new Row(seq, tenant, id, version, "lookup_failed", null, null, f.OccurredAt, recordedAt, LookupFailure: f.Reason),
            EligibilityConfirmed e => new Row(seq, tenant, id, version, "confirmed", null, null, e.OccurredAt, recordedAt,
                Eligibility: e.Eligibility, PersonalKeyId: e.Personal.KeyId),
            _ => null,
        };
    }

    private static async Task CopyAsync(NpgsqlConnection connection, List<Row> rows, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            $"copy {Table} (seq, tenant_id, verification_id, version, status, facility_id, treatment_date, occurred_at, recorded_at, " +
            "staff_id, identity_method, lookup_failure, insurer_number, burden_ratio, validity, personal_key_id) from stdin (format binary)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(row.Seq, NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(row.Tenant, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(row.VerificationId, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(row.Version, NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(row.Status, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(importer, row.FacilityId, NpgsqlDbType.Text, ct);
            if (row.TreatmentDate is { } date) await importer.WriteAsync(date, NpgsqlDbType.Date, ct);
            else await importer.WriteNullAsync(ct);
            await importer.WriteAsync(row.OccurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            await importer.WriteAsync(row.RecordedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            await WriteNullableAsync(importer, row.StaffId, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(importer, row.IdentityMethod, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(importer, row.LookupFailure, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(importer, row.Eligibility?.InsurerNumber, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(importer, row.Eligibility?.BurdenRatio, NpgsqlDbType.Text, ct);
            if (row.Eligibility is { } e) await importer.WriteAsync(e.Validity, NpgsqlDbType.Integer, ct);
            else await importer.WriteNullAsync(ct);
            await WriteNullableAsync(importer, row.PersonalKeyId, NpgsqlDbType.Text, ct);
        }
        await importer.CompleteAsync(ct);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null) await importer.WriteNullAsync(ct);
        else await importer.WriteAsync(value, type, ct);
    }
}
