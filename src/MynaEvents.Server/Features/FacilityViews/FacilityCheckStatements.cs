using MynaEvents.Domain.Verification;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Server.Features.FacilityCheckViews;

/// <summary>
/// The column values the facility_checks projection folds events into, and the parameter
/// helpers its SQL (and the queries over the view) use. Rows are written by
/// <see cref="FacilityCheckRows"/>, guarded by version, so the same event applied twice changes nothing.
/// </summary>
internal static class FacilityCheckStatements
{
    /// <summary>The non-personal eligibility fields, as columns.</summary>
    public static IEnumerable<(string, object?)> EligibilityColumns(Eligibility e) =>
    [
        ("insurer_number", e.InsurerNumber),
        ("insurer_name", e.InsurerName),
        ("personal_family", e.PersonalFamily),
        ("burden_ratio", e.BurdenRatio),
        ("qualification_date", e.QualificationDate),
        ("disqualification_date", e.DisqualificationDate),
        ("validity", e.Validity),
        ("elderly_burden_ratio", e.ElderlyBurdenRatio),
    ];

    /// <summary>The plaintext personal fields, or nulls and shredded when the data is already unreadable.</summary>
    public static IEnumerable<(string, object?)> PersonalColumns(PersonalData? p) =>
    [
        ("name", p?.Name),
        ("name_kana", p?.NameKana),
        ("name_kana_search", p is null ? null : KanaFolding.Fold(p.NameKana)),
        ("birth_date", p?.BirthDate),
        ("insured_card_symbol", p?.InsuredCardSymbol),
        ("insured_identification_number", p?.InsuredIdentificationNumber),
        ("insured_branch_number", p?.InsuredBranchNumber),
        ("shredded", p is null),
    ];

    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Int(int? value) => new() { NpgsqlDbType = NpgsqlDbType.Integer, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Date(DateOnly? value) => new() { NpgsqlDbType = NpgsqlDbType.Date, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Instant(DateTimeOffset value) => new NpgsqlParameter<DateTimeOffset>
    {
        NpgsqlDbType = NpgsqlDbType.TimestampTz,
        TypedValue = value.ToUniversalTime(),
    };
}

/// <summary>What the first event of a check says about where and when it happened.</summary>
internal sealed record CheckStart(
    string FacilityId, string? DeviceId, string? DeviceFacilityId, string? StaffId, string Status, DateOnly TreatmentDate, DateTimeOffset OccurredAt);
