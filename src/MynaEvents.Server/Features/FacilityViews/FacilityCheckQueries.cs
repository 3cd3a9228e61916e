using Npgsql;
using NpgsqlTypes;
using static MynaEvents.Server.Features.FacilityCheckViews.FacilityCheckStatements;

namespace MynaEvents.Server.Features.FacilityCheckViews;

/// <summary>
/// Reads one facility's view. Every statement filters <c>retention_deadline &gt; now</c> by the
/// server's clock: at 翌月末 a check leaves every view, search and detail at once, whether or
/// not the sweep has blanked its plaintext yet.
/// </summary>
internal sealed class FacilityCheckQueries(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string Columns = """
        verification_id, viewer_facility_id, recorded_at_facility_id, shared, status, identity_method, fallback_kind,
        device_id, device_facility_id, staff_id, treatment_date, occurred_at, recorded_at, last_occurred_at, retention_deadline,
        lookup_failure, invalid_validity, insurer_number, insurer_name, personal_family, burden_ratio, qualification_date,
        disqualification_date, validity, elderly_burden_ratio, name, name_kana, birth_date, insured_card_symbol,
        insured_identification_number, insured_branch_number, shredded
        """;

    private const string SearchSql = $"""
        select {Columns} from myna.facility_checks
         where tenant_id = $1 and viewer_facility_id = $2 and retention_deadline > $3
           and ($4::date is null or treatment_date >= $4)
           and ($5::date is null or treatment_date <= $5)
           and ($6::text is null or starts_with(name_kana_search, $6))
           and ($7::text is null or status = $7)
         order by treatment_date desc, recorded_at desc, verification_id
         limit $8
        """;

    private const string DetailSql = $"""
        select {Columns} from myna.facility_checks
         where tenant_id = $1 and viewer_facility_id = $2 and verification_id = $3 and retention_deadline > $4
        """;

    public async Task<IReadOnlyList<FacilityCheckView>> SearchAsync(string tenantId, string facilityId, FacilityCheckSearch search, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SearchSql);
        command.Parameters.AddRange(new NpgsqlParameter[] {Text(tenantId), Text(facilityId), Instant(time.GetUtcNow()), Date(search.From), Date(search.To),
            Text(search.KanaPrefix), Text(search.Outcome), new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = search.Limit } });
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<FacilityCheckView?> FindAsync(string tenantId, string facilityId, string verificationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(DetailSql);
        command.Parameters.AddRange(new NpgsqlParameter[] {Text(tenantId), Text(facilityId), Text(verificationId), Instant(time.GetUtcNow()) });
        return (await ReadAsync(command, cancellationToken)) is [var check] ? check : null;
    }

    private static async Task<IReadOnlyList<FacilityCheckView>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var checks = new List<FacilityCheckView>();
        while (await reader.ReadAsync(cancellationToken)) checks.Add(Read(reader));
        return checks;
    }

    private static FacilityCheckView Read(NpgsqlDataReader r)
    {
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        int? I(int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
        DateOnly? D(int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateOnly>(i);
        DateTimeOffset T(int i) => r.GetFieldValue<DateTimeOffset>(i);

        var shredded = r.GetBoolean(31);
        var eligibility = S(17) is { } insurer ? new FacilityCheckEligibility(insurer, S(18), I(19), S(20), D(21), D(22), I(23), S(24)) : null;
        // Personal fields exist only for confirmed checks; an unconfirmed one has none to shred.
        var personal = eligibility is null && !shredded
            ? null
            : new FacilityCheckPersonal(S(25), S(26), D(27), S(28), S(29), S(30), shredded);
        return new FacilityCheckView(r.GetString(0), r.GetString(1), r.GetString(2), r.GetBoolean(3), r.GetString(4), S(5), S(6), S(7), S(8), S(9),
            r.GetFieldValue<DateOnly>(10), T(11), T(12), T(13), T(14), S(15), I(16), eligibility, personal);
    }
}
