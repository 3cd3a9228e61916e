using System.Text;
using MynaEvents.Domain.Verification;
using MynaEvents.EventStore.Projections;
using MynaEvents.Server.Features.Facilities.Directory;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Server.Features.FacilityCheckViews;

/// <summary>One row of myna.facility_checks held in memory while a batch is folded into it.</summary>
internal sealed class FacilityCheckRow
{
    public readonly object?[] Values = new object?[FacilityCheckRows.Columns.Length];

    public bool Dirty;

    public long Version
    {
        get => (long)Values[FacilityCheckRows.VersionIndex]!;
        set => Values[FacilityCheckRows.VersionIndex] = value;
    }

    public string ViewerFacilityId => (string)Values[FacilityCheckRows.Index["viewer_facility_id"]]!;

    public void Set(string column, object? value) => Values[FacilityCheckRows.Index[column]] = value;
}

/// <summary>
/// Set-based reads and writes of myna.facility_checks for one projection batch: the existing
/// rows of the batch's checks in one query, every changed row in one upsert (guarded by version,
/// so a row already at or past the folded version is left alone), and the co-location
/// declarations of the batch's tenants in one query.
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

    private static readonly string Upsert = BuildUpsert();

    private static string BuildUpsert()
    {
        var sql = new StringBuilder();
        sql.Append("insert into myna.facility_checks (").Append(ColumnList).Append(")\nselect * from unnest(");
        sql.Append(string.Join(", ", Columns.Select((c, i) => $"${i + 1}::{SqlArrayType(c.Kind)}")));
        sql.Append(")\non conflict (tenant_id, viewer_facility_id, verification_id) do update set ");
        sql.Append(string.Join(", ", Columns.Where(c => c.Name is not ("tenant_id" or "viewer_facility_id" or "verification_id"))
            .Select(c => $"{c.Name} = excluded.{c.Name}")));
        sql.Append("\n where myna.facility_checks.version < excluded.version");
        return sql.ToString();
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

    /// <summary>Writes the given rows in one statement, each only over an older version of itself.</summary>
    public static async Task WriteAsync(ProjectionContext context, IReadOnlyList<FacilityCheckRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        await using var command = context.CreateCommand(Upsert);
        for (var i = 0; i < Columns.Length; i++)
        {
            var column = i;
            command.Parameters.Add(Columns[i].Kind switch
            {
                Kind.Text => new NpgsqlParameter<string?[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = [.. rows.Select(r => (string?)r.Values[column])] },
                Kind.Int => new NpgsqlParameter<int?[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, TypedValue = [.. rows.Select(r => (int?)r.Values[column])] },
                Kind.Date => new NpgsqlParameter<DateOnly?[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date, TypedValue = [.. rows.Select(r => (DateOnly?)r.Values[column])] },
                Kind.Instant => new NpgsqlParameter<DateTime[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, TypedValue = [.. rows.Select(r => (DateTime)r.Values[column]!)] },
                Kind.Long => new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = [.. rows.Select(r => (long)r.Values[column]!)] },
                Kind.Bool => new NpgsqlParameter<bool[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean, TypedValue = [.. rows.Select(r => (bool)r.Values[column]!)] },
                _ => throw new InvalidOperationException(),
            });
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

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
