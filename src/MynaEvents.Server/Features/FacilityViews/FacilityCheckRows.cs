using System.Collections.Concurrent;
using System.Text;
using MynaEvents.Domain.Verification;
using MynaEvents.Server.Storage.Projections;
using MynaEvents.Server.Features.Facilities.Directory;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Server.Features.FacilityCheckViews;

/// <summary>One row of myna.facility_checks held in memory while a batch is folded into it.</summary>
internal sealed class FacilityCheckRow
{
    public readonly object?[] Values = new object?[FacilityCheckRows.Columns.Length];

    public bool Dirty;

    /// <summary>Made by this batch: not in the table yet, so it is written by COPY rather than upserted.</summary>
    public bool New;

    public long Version
    {
        get => (long)Values[FacilityCheckRows.VersionIndex]!;
        set
        {
            Values[FacilityCheckRows.VersionIndex] = value;
            Changed |= 1UL << FacilityCheckRows.VersionIndex;
        }
    }

    public string ViewerFacilityId => (string)Values[FacilityCheckRows.Index["viewer_facility_id"]]!;

    /// <summary>The columns this batch set on a row that is already in the table (bit i = column i).</summary>
    public ulong Changed;

    public void Set(string column, object? value)
    {
        var index = FacilityCheckRows.Index[column];
        Values[index] = value;
        Changed |= 1UL << index;
    }
}

/// <summary>
/// Set-based reads and writes of myna.facility_checks for one projection batch: the existing
/// rows of the batch's checks in one query; new rows by one binary COPY, changed rows by
/// UPDATEs of just the changed columns in one round trip (guarded by version, so a row
/// already at or past the folded version is left alone); and the co-location declarations of
/// the batch's tenants in one query.
/// </summary>
internal static class FacilityCheckRows
{
    public enum Kind { Text, Int, Date, Instant, Long, Bool }

    public static readonly (string Name, Kind Kind)[] Columns =
    [
        ("tenant_id", Kind.Text), ("verification_id", Kind.Text), ("viewer_facility_id", Kind.Text), ("recorded_at_facility_id", Kind.Text),
        ("shared", Kind.Bool), ("device_id", Kind.Text), ("device_facility_id", Kind.Text), ("staff_id", Kind.Text), ("status", Kind.Text),
        ("identity_method", Kind.Text), ("fallback_kind", Kind.Text), ("lookup_failure", Kind.Text), ("invalid_validity", Kind.Int),
        ("treatment_date", Kind.Date), ("retention_deadline", Kind.Instant), ("occurred_at", Kind.Instant), ("recorded_at", Kind.Instant),
        ("last_occurred_at", Kind.Instant), ("updated_at", Kind.Instant), ("version", Kind.Long),
        ("insurer_number", Kind.Text), ("insurer_name", Kind.Text), ("personal_family", Kind.Int), ("burden_ratio", Kind.Text),
        ("qualification_date", Kind.Date), ("disqualification_date", Kind.Date), ("validity", Kind.Int), ("elderly_burden_ratio", Kind.Text),
        ("name", Kind.Text), ("name_kana", Kind.Text), ("name_kana_search", Kind.Text), ("birth_date", Kind.Date),
        ("insured_card_symbol", Kind.Text), ("insured_identification_number", Kind.Text), ("insured_branch_number", Kind.Text),
        ("shredded", Kind.Bool),
    ];

    public static readonly Dictionary<string, int> Index =
        Columns.Select((c, i) => (c.Name, i)).ToDictionary(c => c.Name, c => c.i, StringComparer.Ordinal);

    public static readonly int VersionIndex = Index["version"];

    private static readonly string ColumnList = string.Join(", ", Columns.Select(c => c.Name));

    private static readonly string Existing = $"""
        select {string.Join(", ", Columns.Select(c => "f." + c.Name))}
          from myna.facility_checks f
         where f.tenant_id = any($1::text[]) and f.verification_id = any($2::text[])
           for update
        """;

    private static readonly int[] KeyColumns = [Index["tenant_id"], Index["viewer_facility_id"], Index["verification_id"]];

    private static readonly ConcurrentDictionary<ulong, string> UpdateSql = new();

    /// <summary>
    /// An UPDATE of exactly the columns in <paramref name="changed"/> (plus the version guard)
    /// from arrays: $1–$3 the key, then one array per changed column in column order. Columns a
    /// batch did not touch are left to whoever else writes them (the retention sweep blanks
    /// personal columns), and unchanged index keys let PostgreSQL keep the update on the page.
    /// </summary>
    private static string BuildUpdate(ulong changed)
    {
        var columns = SetColumns(changed);
        var sql = new StringBuilder("update myna.facility_checks f set ");
        sql.Append(string.Join(", ", columns.Select(i => $"{Columns[i].Name} = u.{Columns[i].Name}")));
        sql.Append(" from unnest($1::text[], $2::text[], $3::text[]");
        for (var p = 0; p < columns.Count; p++) sql.Append($", ${p + 4}::{SqlArrayType(Columns[columns[p]].Kind)}");
        sql.Append(") as u(tenant_id, viewer_facility_id, verification_id");
        foreach (var i in columns) sql.Append(", ").Append(Columns[i].Name);
        sql.Append(") where f.tenant_id = u.tenant_id and f.viewer_facility_id = u.viewer_facility_id")
           .Append(" and f.verification_id = u.verification_id and f.version < u.version");
        return sql.ToString();
    }

    private static List<int> SetColumns(ulong changed)
    {
        var columns = new List<int>();
        for (var i = 0; i < Columns.Length; i++)
            if ((changed & (1UL << i)) != 0 && !KeyColumns.Contains(i)) columns.Add(i);
        return columns;
    }

    private static string SqlArrayType(Kind kind) => kind switch
    {
        Kind.Text => "text[]",
        Kind.Int => "integer[]",
        Kind.Date => "date[]",
        Kind.Instant => "timestamptz[]",
        Kind.Long => "bigint[]",
        Kind.Bool => "boolean[]",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The rows already in the view for the given checks, locked for this batch's transaction.</summary>
    public static async Task<Dictionary<(string Tenant, string Verification), List<FacilityCheckRow>>> ReadAsync(
        ProjectionContext context, IReadOnlyCollection<(string Tenant, string Verification)> checks, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<(string, string), List<FacilityCheckRow>>();
        if (checks.Count == 0) return rows;
        var wanted = checks as IReadOnlySet<(string, string)> ?? checks.ToHashSet();
        await using var command = context.CreateCommand(Existing);
        command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = [.. checks.Select(c => c.Tenant).Distinct(StringComparer.Ordinal)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = [.. checks.Select(c => c.Verification).Distinct(StringComparer.Ordinal)] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new FacilityCheckRow();
            for (var i = 0; i < Columns.Length; i++)
            {
                if (await reader.IsDBNullAsync(i, cancellationToken)) continue;
                row.Values[i] = Columns[i].Kind switch
                {
                    Kind.Text => reader.GetFieldValue<string>(i),
                    Kind.Int => reader.GetFieldValue<int>(i),
                    Kind.Date => reader.GetFieldValue<DateOnly>(i),
                    Kind.Instant => reader.GetFieldValue<DateTime>(i),
                    Kind.Long => reader.GetFieldValue<long>(i),
                    Kind.Bool => reader.GetFieldValue<bool>(i),
                    _ => throw new InvalidOperationException(),
                };
            }
            var key = ((string)row.Values[0]!, (string)row.Values[1]!);
            if (!wanted.Contains(key)) continue; // any() on each column also matches other pairs of the two lists
            if (!rows.TryGetValue(key, out var list)) rows[key] = list = [];
            list.Add(row);
        }
        return rows;
    }

    private static readonly string Copy = $"copy myna.facility_checks ({ColumnList}) from stdin (format binary)";

    /// <summary>
    /// Writes the given rows: those made by this batch with one binary COPY (the batch read the
    /// checks' existing rows under lock, and only the projection inserts, so none can be there),
    /// the others by UPDATEs of the columns the batch changed, each only over an older version of itself.
    /// </summary>
    public static async Task WriteAsync(ProjectionContext context, IReadOnlyList<FacilityCheckRow> rows, CancellationToken cancellationToken)
    {
        var created = rows.Where(r => r.New).ToList();
        if (created.Count > 0) await CopyAsync(context, created, cancellationToken);
        var updated = rows.Where(r => !r.New).ToList();
        if (updated.Count > 0) await UpdateAsync(context, updated, cancellationToken);
    }

    private static async Task CopyAsync(ProjectionContext context, List<FacilityCheckRow> rows, CancellationToken cancellationToken)
    {
        await using var importer = await context.Connection.BeginBinaryImportAsync(Copy, cancellationToken);
        foreach (var row in rows)
        {
            importer.StartRow();
            for (var i = 0; i < Columns.Length; i++)
            {
                var value = row.Values[i];
                if (value is null)
                {
                    importer.WriteNull();
                    continue;
                }
                switch (Columns[i].Kind)
                {
                    case Kind.Text: importer.Write((string)value, NpgsqlDbType.Text); break;
                    case Kind.Int: importer.Write((int)value, NpgsqlDbType.Integer); break;
                    case Kind.Date: importer.Write((DateOnly)value, NpgsqlDbType.Date); break;
                    case Kind.Instant: importer.Write((DateTime)value, NpgsqlDbType.TimestampTz); break;
                    case Kind.Long: importer.Write((long)value, NpgsqlDbType.Bigint); break;
                    case Kind.Bool: importer.Write((bool)value, NpgsqlDbType.Boolean); break;
                    default: throw new InvalidOperationException();
                }
            }
        }
        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>Rows already in the table, grouped by the set of columns the batch changed: one UPDATE per group, all in one round trip.</summary>
    private static async Task UpdateAsync(ProjectionContext context, List<FacilityCheckRow> rows, CancellationToken cancellationToken)
    {
        await using var batch = context.Connection.CreateBatch();
        batch.Transaction = context.Transaction;
        foreach (var group in rows.GroupBy(r => r.Changed))
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = UpdateSql.GetOrAdd(group.Key, BuildUpdate);
            var members = group.ToList();
            foreach (var column in KeyColumns) command.Parameters.Add(ArrayOf(column, members));
            foreach (var column in SetColumns(group.Key)) command.Parameters.Add(ArrayOf(column, members));
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter ArrayOf(int column, List<FacilityCheckRow> rows) => Columns[column].Kind switch
    {
        Kind.Text => new NpgsqlParameter<string?[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = [.. rows.Select(r => (string?)r.Values[column])] },
        Kind.Int => new NpgsqlParameter<int?[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, TypedValue = [.. rows.Select(r => (int?)r.Values[column])] },
        Kind.Date => new NpgsqlParameter<DateOnly?[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date, TypedValue = [.. rows.Select(r => (DateOnly?)r.Values[column])] },
        Kind.Instant => new NpgsqlParameter<DateTime?[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, TypedValue = [.. rows.Select(r => (DateTime?)r.Values[column])] },
        Kind.Long => new NpgsqlParameter<long?[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = [.. rows.Select(r => (long?)r.Values[column])] },
        Kind.Bool => new NpgsqlParameter<bool?[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean, TypedValue = [.. rows.Select(r => (bool?)r.Values[column])] },
        _ => throw new InvalidOperationException(),
    };

    private const string ColocationsSql = """
        select tenant_id, judo_facility_id, ahaki_facility_id, declared_at, withdrawn_at
          from myna.facility_colocations
         where tenant_id = any($1::text[])
        """;

    /// <summary>
    /// The co-location declarations of the given tenants, read once, answering "partner at T"
    /// as <see cref="FacilityDirectory.PartnerAtAsync"/> does: the declaration involving the
    /// facility with declared_at ≤ T &lt; withdrawn_at (or not withdrawn), the latest declared first.
    /// </summary>
    public static async Task<ColocationHistory> ColocationsAsync(ProjectionContext context, IEnumerable<string> tenants, CancellationToken cancellationToken)
    {
        var history = new ColocationHistory();
        await using var command = context.CreateCommand(ColocationsSql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = [.. tenants] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var declaration = new ColocationHistory.Declaration(
                reader.GetFieldValue<string>(1), reader.GetFieldValue<string>(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                await reader.IsDBNullAsync(4, cancellationToken) ? null : reader.GetFieldValue<DateTimeOffset>(4));
            history.Add(reader.GetFieldValue<string>(0), declaration);
        }
        return history;
    }
}

/// <summary>The co-location declarations of some tenants, by (tenant, facility).</summary>
internal sealed class ColocationHistory
{
    public sealed record Declaration(string JudoFacilityId, string AhakiFacilityId, DateTimeOffset DeclaredAt, DateTimeOffset? WithdrawnAt)
    {
        public string PartnerOf(string facilityId) => facilityId == JudoFacilityId ? AhakiFacilityId : JudoFacilityId;
    }

    private readonly Dictionary<(string Tenant, string Facility), List<Declaration>> byFacility = [];

    public void Add(string tenantId, Declaration declaration)
    {
        Of(tenantId, declaration.JudoFacilityId).Add(declaration);
        if (declaration.AhakiFacilityId != declaration.JudoFacilityId) Of(tenantId, declaration.AhakiFacilityId).Add(declaration);
    }

    private List<Declaration> Of(string tenantId, string facilityId)
    {
        if (!byFacility.TryGetValue((tenantId, facilityId), out var list)) byFacility[(tenantId, facilityId)] = list = [];
        return list;
    }

    public string? PartnerAt(string tenantId, string facilityId, DateTimeOffset instant)
    {
        if (!byFacility.TryGetValue((tenantId, facilityId), out var list)) return null;
        Declaration? best = null;
        foreach (var d in list)
            if (d.DeclaredAt <= instant && (d.WithdrawnAt is null || d.WithdrawnAt > instant) && (best is null || d.DeclaredAt > best.DeclaredAt))
                best = d;
        return best?.PartnerOf(facilityId);
    }
}
