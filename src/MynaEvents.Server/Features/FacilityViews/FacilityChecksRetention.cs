using MynaEvents.Server.Privacy;
using Npgsql;

namespace MynaEvents.Server.Features.FacilityCheckViews;

/// <summary>
/// Blanks the plaintext copies in the facility views at 翌月末, in the sweep that destroys the
/// data keys. Reads do not wait for it (they filter by retention_deadline); this removes the
/// copies themselves, so later backups of the table hold nothing readable.
/// </summary>
internal sealed class FacilityChecksRetention(NpgsqlDataSource dataSource) : IRetentionParticipant
{
    private const string BlankDue = """
        update myna.facility_checks
           set name = null, name_kana = null, name_kana_search = null, birth_date = null,
               insured_card_symbol = null, insured_identification_number = null, insured_branch_number = null,
               shredded = true
         where retention_deadline <= $1 and not shredded
        """;

    public string Name => "facility-views";

    public async Task<int> DropExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(BlankDue);
        command.Parameters.Add(FacilityCheckStatements.Instant(now));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
