using System.Net.Http.Json;
using MynaEvents.EligibilitySimulator.Persons;
using MynaEvents.Testing;
using MynaEvents.VirtualCard;

namespace MynaEvents.Edge.Tests;

/// <summary>What the edge tests read from, or put into, the server's side: its event log and the simulated national system.</summary>
public static class ServerSide
{
    /// <summary>Command ids of a tenant's verification events, in the order the server wrote them, with how many events each wrote.</summary>
    public static async Task<List<(Guid CommandId, long Events)>> CommandsWrittenAsync(TestDatabase database, string tenantId)
    {
        await using var command = database.DataSource.CreateCommand(
            "select command_id, count(*) from myna.events where tenant_id = $1 and stream_id like 'verification-%' " +
            "group by command_id order by min(seq)");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = tenantId });
        await using var reader = await command.ExecuteReaderAsync();
        var written = new List<(Guid, long)>();
        while (await reader.ReadAsync()) written.Add((reader.GetGuid(0), reader.GetInt64(1)));
        return written;
    }

    /// <summary>Makes the simulated national system know <paramref name="card"/>'s holder, with the given validity (1 有効, 2 無効…).</summary>
    public static async Task RegisterPatientAsync(HttpClient simulatorAdmin, TestCard card, string validity = QualificationValidities.Valid,
        string name = "試験\u3000花子", string kana = "シケン\u3000ハナコ")
    {
        var person = new SimulatedPerson("01130012", "全国健康保険協会東京支部", "5012", "34567", "00", "1",
            name, kana, new DateOnly(1980, 6, 15), new DateOnly(2010, 4, 1),
            validity is QualificationValidities.Invalid ? new DateOnly(2025, 3, 31) : null, "030", null, validity);
        (await simulatorAdmin.PutAsJsonAsync($"admin/persons/{card.Certificate.SerialNumber}", person)).EnsureSuccessStatusCode();
    }
}
