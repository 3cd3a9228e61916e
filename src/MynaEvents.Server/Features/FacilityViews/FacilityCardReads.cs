using MynaEvents.Server.Features.Facilities.Views;
using Npgsql;
using NpgsqlTypes;
using static MynaEvents.Server.Features.FacilityCheckViews.FacilityCheckStatements;

namespace MynaEvents.Server.Features.FacilityCheckViews;

/// <summary>
/// Answers "was a card read at this facility?" from the facility view: a row of the facility's
/// own (not shared) with a device is a card read there. Rows outlive 翌月末 (only their
/// personal columns are blanked), so the answer does not fade with retention. The view is
/// asynchronous: a card read of the last moment may not be seen yet, and during a rebuild the
/// answer can be "no" for a while (ADR 0028).
/// </summary>
internal sealed class FacilityCardReads(NpgsqlDataSource dataSource) : ICardReadHistory
{
    // Each probe stops at the first matching row of the facility's own key range.
    private const string Sql = """
        select f from unnest($2::text[]) as f
         where exists (select from myna.facility_checks c
                        where c.tenant_id = $1 and c.viewer_facility_id = f
                          and c.recorded_at_facility_id = f and c.device_id is not null)
        """;

    public async Task<IReadOnlySet<string>> FacilitiesWithACardReadAsync(string tenantId, IReadOnlyCollection<string> facilityIds,
        CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (facilityIds.Count == 0) return found;
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(Text(tenantId));
        command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = [.. facilityIds] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) found.Add(reader.GetString(0));
        return found;
    }
}
