using MynaEvents.Server.Features.FacilityCheckViews;
using Npgsql;

namespace MynaEvents.Server.Features.ReceiptExport;

/// <summary>
/// Reads a facility's confirmed results of one treatment month from the facility views
/// (myna.facility_checks), its own and those shared to it. Like every view query it filters
/// <c>retention_deadline &gt; now</c> by the server's clock, so nothing past 翌月末 is exported;
/// rows whose personal fields are shredded carry nothing a claim can use and are left out.
/// </summary>
internal sealed class ReceiptExportQueries(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string MonthSql = """
        select verification_id, recorded_at_facility_id, shared, status, identity_method, fallback_kind, treatment_date,
               insurer_number, insurer_name, personal_family, burden_ratio, name, name_kana, birth_date,
               insured_card_symbol, insured_identification_number, insured_branch_number
          from myna.facility_checks
         where tenant_id = $1 and viewer_facility_id = $2 and retention_deadline > $3
           and treatment_date >= $4 and treatment_date < $5
           and status in ('confirmed', 'confirmed_by_fallback')
           and insurer_number is not null and not shredded
         order by treatment_date, recorded_at, verification_id
        """;

    public async Task<IReadOnlyList<ReceiptExportRow>> MonthAsync(string tenantId, string facilityId, DateOnly firstDay, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(MonthSql);
        command.Parameters.AddRange(new NpgsqlParameter[]
        {
            FacilityCheckStatements.Text(tenantId), FacilityCheckStatements.Text(facilityId), FacilityCheckStatements.Instant(time.GetUtcNow()),
            FacilityCheckStatements.Date(firstDay), FacilityCheckStatements.Date(firstDay.AddMonths(1)),
        });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ReceiptExportRow>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(Read(reader));
        return rows;
    }

    private static ReceiptExportRow Read(NpgsqlDataReader r)
    {
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new ReceiptExportRow(
            InsurerNumber: r.GetString(7), InsurerName: S(8),
            InsuredCardSymbol: S(14), InsuredIdentificationNumber: S(15), InsuredBranchNumber: S(16),
            Name: S(11), NameKana: S(12), BirthDate: r.IsDBNull(13) ? null : r.GetFieldValue<DateOnly>(13),
            PersonalFamily: r.IsDBNull(9) ? null : r.GetInt32(9), BurdenRatio: S(10),
            TreatmentDate: r.GetFieldValue<DateOnly>(6),
            ConfirmationMethod: Method(r.GetString(3), S(4), S(5)),
            CheckId: r.GetString(0), RecordedAtFacilityId: r.GetString(1), Shared: r.GetBoolean(2));
    }

    private static string Method(string status, string? identityMethod, string? fallbackKind) =>
        status == "confirmed_by_fallback" ? "fallback_" + (fallbackKind ?? "unknown") : "online_" + (identityMethod ?? "unknown");
}
