using MynaEvents.Domain.Verification;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Server.Features.FacilityCheckViews;

/// <summary>
/// The SQL the facility_checks projection writes with: one insert per started check (a row per
/// facility that may see it) and one update per later event. Every update is guarded by the
/// event's version, so the same event applied twice changes nothing.
/// </summary>
internal static class FacilityCheckStatements
{
    private const string Start = """
        insert into myna.facility_checks (tenant_id, verification_id, viewer_facility_id, recorded_at_facility_id, shared,
                                          device_id, device_facility_id, staff_id, status, treatment_date, retention_deadline,
                                          occurred_at, recorded_at, last_occurred_at, updated_at, version)
        select $1, $2, viewer, $3, viewer <> $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $11, 0
          from unnest($12::text[]) as viewer
        on conflict do nothing
        """;

    /// <summary>The check's first event: a row for the recording facility and one for each partner it is shared with.</summary>
    public static NpgsqlBatchCommand Started(string tenantId, string verificationId, CheckStart start, DateTimeOffset recordedAt, IReadOnlyList<string> viewers) =>
        Command(Start, Text(tenantId), Text(verificationId), Text(start.FacilityId), Text(start.DeviceId), Text(start.DeviceFacilityId),
            Text(start.StaffId), Text(start.Status), Date(start.TreatmentDate), Instant(RetentionDeadline.For(start.TreatmentDate)),
            Instant(start.OccurredAt), Instant(recordedAt), new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = viewers.ToArray() });

    /// <summary>
    /// Sets <paramref name="columns"/> (names are constants of this folder, never input) on every
    /// row of the check, together with the status and the version.
    /// </summary>
    public static NpgsqlBatchCommand Changed(string tenantId, string verificationId, long version, DateTimeOffset occurredAt, DateTimeOffset recordedAt,
        string status, IReadOnlyList<(string Column, NpgsqlParameter Value)> columns)
    {
        var sets = string.Concat(columns.Select((c, i) => $", {c.Column} = ${i + 7}"));
        var sql = $"""
            update myna.facility_checks
               set status = $3, version = $4, last_occurred_at = $5, updated_at = $6{sets}
             where tenant_id = $1 and verification_id = $2 and version < $4
            """;
        return Command(sql, [Text(tenantId), Text(verificationId), Text(status), new NpgsqlParameter<long> { TypedValue = version },
            Instant(occurredAt), Instant(recordedAt), .. columns.Select(c => c.Value)]);
    }

    /// <summary>The non-personal eligibility fields, as columns.</summary>
    public static IEnumerable<(string, NpgsqlParameter)> EligibilityColumns(Eligibility e) =>
    [
        ("insurer_number", Text(e.InsurerNumber)),
        ("insurer_name", Text(e.InsurerName)),
        ("personal_family", Int(e.PersonalFamily)),
        ("burden_ratio", Text(e.BurdenRatio)),
        ("qualification_date", Date(e.QualificationDate)),
        ("disqualification_date", Date(e.DisqualificationDate)),
        ("validity", Int(e.Validity)),
        ("elderly_burden_ratio", Text(e.ElderlyBurdenRatio)),
    ];

    /// <summary>The plaintext personal fields, or nulls and shredded when the data is already unreadable.</summary>
    public static IEnumerable<(string, NpgsqlParameter)> PersonalColumns(PersonalData? p) =>
    [
        ("name", Text(p?.Name)),
        ("name_kana", Text(p?.NameKana)),
        ("name_kana_search", Text(p is null ? null : KanaFolding.Fold(p.NameKana))),
        ("birth_date", Date(p?.BirthDate)),
        ("insured_card_symbol", Text(p?.InsuredCardSymbol)),
        ("insured_identification_number", Text(p?.InsuredIdentificationNumber)),
        ("insured_branch_number", Text(p?.InsuredBranchNumber)),
        ("shredded", new NpgsqlParameter<bool> { TypedValue = p is null }),
    ];

    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Int(int? value) => new() { NpgsqlDbType = NpgsqlDbType.Integer, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Date(DateOnly? value) => new() { NpgsqlDbType = NpgsqlDbType.Date, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Instant(DateTimeOffset value) => new NpgsqlParameter<DateTimeOffset>
    {
        NpgsqlDbType = NpgsqlDbType.TimestampTz,
        TypedValue = value.ToUniversalTime(),
    };

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }
}

/// <summary>What the first event of a check says about where and when it happened.</summary>
internal sealed record CheckStart(
    string FacilityId, string? DeviceId, string? DeviceFacilityId, string? StaffId, string Status, DateOnly TreatmentDate, DateTimeOffset OccurredAt);
