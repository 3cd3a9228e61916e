using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using MynaEvents.Domain.Verification;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Bench.Replay;

/// <summary>What was seeded: the events, the checks, and the rows facility_checks must end with.</summary>
internal sealed record ReplaySeed(int Events, int Checks, long ExpectedRows, long Last, int PayloadBytes);

/// <summary>
/// Pre-writes reception checks for the replay benchmark, server-side and fast, shaped like the
/// server's own history: one tenant of 4 branches (a judo and an ahaki facility each), two of
/// them with a co-location declaration in force (their checks are shared, two view rows) and
/// one whose declaration was withdrawn before the checks (not shared). Each check is a stream
/// "verification-{id}" of four events: CardRead, IdentityVerified (PIN), EligibilityLookupFailed,
/// EligibilityConfirmed with personal data sealed under the check's own data key, which lives
/// in myna.data_keys wrapped under the server's master key: the projection has to unseal every
/// confirmed check for real. Checks are spread over transactions of 2,500 checks; within one,
/// checks run in waves of 50 at once (all CardReads of a wave, then its identity checks, ...),
/// as a busy morning across many receptions interleaves them: a daemon batch holds checks at
/// different steps, and a batch boundary cuts through up to a wave.
/// </summary>
internal static class ReplaySeeder
{
    public const string Tenant = "tenant-replay";
    public const int EventsPerCheck = 4;
    public const int ChecksPerTransaction = 2_500;
    public const int Branches = 4;
    private const string Staging = "bench.replay_checks";

    private static readonly JsonSerializerOptions PersonalJson = new()
    {
        // The server's plaintext format (PersonalDataJson.Sealing); a sample is read back through the protector below.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    private static readonly PersonalData[] People =
    [
        new("山田 太郎", "ヤマダ タロウ", new DateOnly(1980, 4, 1), "12", "3456789", "01"),
        new("佐藤 花子", "サトウ ハナコ", new DateOnly(1975, 11, 23), "34", "1122334", "02"),
        new("鈴木 一郎", "ｽｽﾞｷ ｲﾁﾛｳ", new DateOnly(1992, 2, 29), null, "9988776", null),
        new("高橋 美咲", "たかはし みさき", new DateOnly(2001, 7, 7), "56", "5566778", "00"),
        new("田中 健", "タナカ ケン", new DateOnly(1958, 1, 15), "78", "1234567", "01"),
        new("伊藤 さくら", "イトウ サクラ", new DateOnly(1988, 3, 3), "90", "7654321", "03"),
        new("渡辺 翔", "ワタナベ ショウ", new DateOnly(1969, 9, 9), "11", "2468135", "01"),
        new("中村 優子", "ナカムラ ユウコ", new DateOnly(1995, 12, 31), "22", "1357924", "02"),
    ];

    /// <summary>Facility of check <paramref name="check"/>: fac-{branch}-{judo|ahaki}, 8 facilities round robin.</summary>
    public static string FacilityOf(int check) => $"fac-{check % (2 * Branches) / 2}-{(check % 2 == 0 ? "judo" : "ahaki")}";

    /// <summary>Branches 0 and 1 have a declaration in force: their checks get a second row, in the partner's view.</summary>
    public static bool IsShared(int check) => check % (2 * Branches) / 2 < 2;

    public static string VerificationOf(int check) => $"replay-{check:D7}";

    public static async Task<ReplaySeed> SeedAsync(BenchDatabase database, ReplayServer server, int events, CancellationToken ct)
    {
        var checks = Math.Max(1, events / EventsPerCheck);
        events = checks * EventsPerCheck;
        var started = Stopwatch.GetTimestamp();

        await database.ExecuteAsync($"""
            truncate {BenchDatabase.Events}, {BenchDatabase.Streams}, {BenchDatabase.Progression}, myna.commands, myna.facility_checks, myna.data_keys;
            -- The events start at 1, as in a new store: numbers left over from the last run would be a
            -- leading gap, which the daemon's first high-water pass holds before for seconds.
            alter sequence {BenchDatabase.Sequence} restart;
            truncate myna.facility_colocations, myna.facility_devices, myna.facility_directory;
            drop table if exists {Staging};
            create table {Staging} (check_no int primary key, verification_id text not null, facility_id text not null,
                                    key_id text not null, sealed text not null);
            """, ct);
        await SeedDirectoryAsync(database, ct);

        var treatmentDate = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)); // today in Japan
        var occurredAt = DateTimeOffset.UtcNow;
        var shredAfter = RetentionDeadline.For(treatmentDate);
        await SealAsync(database, server, checks, shredAfter, ct);
        var sealedIn = Stopwatch.GetElapsedTime(started);

        var types = VerificationTemplates(server, treatmentDate, occurredAt);
        // Streams first: the events' foreign key needs them.
        await database.ExecuteAsync($"""
            insert into {BenchDatabase.Streams} (tenant_id, id, type, version)
            select $1, 'verification-' || verification_id, null, {EventsPerCheck} from {Staging}
            """, ct, Parameters.Text(Tenant));
        for (var first = 0; first < checks; first += ChecksPerTransaction)
        {
            var last = Math.Min(first + ChecksPerTransaction, checks) - 1;
            // Its own implicit transaction, as separate appends would have. nextval is evaluated
            // after the sort: sequence numbers follow the waves.
            await database.ExecuteAsync($"""
                insert into {BenchDatabase.Events} (seq_id, id, stream_id, version, data, type, timestamp, tenant_id,
                                                    mt_dotnet_type, headers)
                select nextval('{BenchDatabase.Sequence}'), gen_random_uuid(), 'verification-' || c.verification_id, e.step,
                       replace(replace(replace(replace(e.template, '__VID__', c.verification_id), '__FAC__', c.facility_id),
                                       '__KEY__', c.key_id), '__SEALED__', c.sealed)::jsonb,
                       e.event_type, now(), $3, e.dotnet_type,
                       jsonb_build_object('command_id', gen_random_uuid(), 'device_id', 'dev-' || c.facility_id, 'occurred_at', $4)
                  from {Staging} c
                 cross join unnest($5::text[], $6::text[], $7::text[]) with ordinality as e(event_type, template, dotnet_type, step)
                 where c.check_no between $1 and $2
                 order by c.check_no / 50, e.step, c.check_no
                """, ct,
                Parameters.Int32(first),
                Parameters.Int32(last),
                Parameters.Text(Tenant),
                new NpgsqlParameter<DateTimeOffset> { TypedValue = occurredAt, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new NpgsqlParameter<string[]> { TypedValue = [.. types.Select(t => t.Name)] },
                new NpgsqlParameter<string[]> { TypedValue = [.. types.Select(t => t.Template)] },
                new NpgsqlParameter<string[]> { TypedValue = [.. types.Select(t => t.DotnetType)] });
        }
        var written = Stopwatch.GetElapsedTime(started);

        await database.ExecuteAsync($"vacuum analyze {BenchDatabase.Events}", ct);
        await database.ExecuteAsync($"vacuum analyze {BenchDatabase.Streams}", ct);
        await database.ExecuteAsync("vacuum analyze myna.data_keys", ct);
        await database.TryCheckpointAsync("replay", ct);

        await CheckSampleAsync(database, server, checks, ct);

        var payloadBytes = await database.ScalarAsync<int>(
            $"select avg(octet_length(data::text))::int from (select data from {BenchDatabase.Events} limit 4000) sample", ct);
        var expectedRows = (long)checks + Enumerable.Range(0, checks).Count(IsShared);
        Console.WriteLine(FormattableString.Invariant(
            $"replay: sealed {checks:N0} checks under their own data keys in {sealedIn.TotalSeconds:F1} s; wrote {events:N0} events in {(checks + ChecksPerTransaction - 1) / ChecksPerTransaction} transactions by {written.TotalSeconds:F1} s; vacuumed by {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s"));

        var lastSequence = await database.ScalarAsync<long>($"select max(seq_id) from {BenchDatabase.Events}", ct);
        return new ReplaySeed(events, checks, expectedRows, lastSequence, payloadBytes);
    }

    private static async Task SeedDirectoryAsync(BenchDatabase database, CancellationToken ct)
    {
        await database.ExecuteAsync($"""
            insert into myna.facility_directory (tenant_id, facility_id, branch_id, kind, registration_number, name, address, registered_at)
            select $1, 'fac-' || b || '-' || k, 'branch-' || b, k, '契' || lpad((b * 2 + (k = 'ahaki')::int)::text, 7, '0'),
                   '施術所 ' || b || ' ' || k, '東京都千代田区' || b, now() - interval '30 days'
              from generate_series(0, {Branches - 1}) b cross join unnest(array['judo', 'ahaki']) k
            """, ct, new NpgsqlParameter<string> { TypedValue = Tenant });
        await database.ExecuteAsync("""
            -- Branches 0 and 1: declared a day ago, in force. Branch 2: declared and withdrawn before the checks.
            insert into myna.facility_colocations (tenant_id, colocation_id, branch_id, judo_facility_id, ahaki_facility_id,
                                                   primary_facility_id, shared_device_ids, declared_at, withdrawn_at)
            select $1, 'coloc-' || b, 'branch-' || b, 'fac-' || b || '-judo', 'fac-' || b || '-ahaki', 'fac-' || b || '-judo',
                   array['dev-fac-' || b || '-judo'], now() - interval '1 day',
                   case when b = 2 then now() - interval '1 hour' end
              from generate_series(0, 2) b
            """, ct, new NpgsqlParameter<string> { TypedValue = Tenant });
    }

    /// <summary>
    /// One data key per check, wrapped under the server's master key, and the check's personal
    /// data sealed under it: both COPYed, streaming (two connections, one loop).
    /// </summary>
    private static async Task SealAsync(BenchDatabase database, ReplayServer server, int checks, DateTimeOffset shredAfter, CancellationToken ct)
    {
        var plaintexts = People.Select(p => JsonSerializer.SerializeToUtf8Bytes(p, PersonalJson)).ToArray();
        await using var keysConnection = await database.DataSource.OpenConnectionAsync(ct);
        await using var checksConnection = await database.DataSource.OpenConnectionAsync(ct);
        await using var keys = await keysConnection.BeginBinaryImportAsync(
            "copy myna.data_keys (key_id, tenant_id, verification_id, kek_id, wrapped_key, shred_after) from stdin (format binary)", ct);
        await using var staged = await checksConnection.BeginBinaryImportAsync(
            $"copy {Staging} (check_no, verification_id, facility_id, key_id, sealed) from stdin (format binary)", ct);
        var dataKey = new byte[32];
        for (var check = 0; check < checks; check++)
        {
            var verificationId = VerificationOf(check);
            var keyId = Guid.NewGuid();
            RandomNumberGenerator.Fill(dataKey);
            var wrapped = ServerCipher.WrapKey(server.MasterKey, server.MasterKeyId, Tenant, verificationId, keyId, dataKey);
            var sealedText = ServerCipher.Seal(dataKey, Tenant, verificationId, keyId, plaintexts[check % plaintexts.Length]);

            await keys.StartRowAsync(ct);
            await keys.WriteAsync(keyId, NpgsqlDbType.Uuid, ct);
            await keys.WriteAsync(Tenant, NpgsqlDbType.Text, ct);
            await keys.WriteAsync(verificationId, NpgsqlDbType.Text, ct);
            await keys.WriteAsync(server.MasterKeyId, NpgsqlDbType.Text, ct);
            await keys.WriteAsync(wrapped, NpgsqlDbType.Bytea, ct);
            await keys.WriteAsync(shredAfter.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);

            await staged.StartRowAsync(ct);
            await staged.WriteAsync(check, NpgsqlDbType.Integer, ct);
            await staged.WriteAsync(verificationId, NpgsqlDbType.Text, ct);
            await staged.WriteAsync(FacilityOf(check), NpgsqlDbType.Text, ct);
            await staged.WriteAsync(keyId.ToString("D"), NpgsqlDbType.Text, ct);
            await staged.WriteAsync(sealedText, NpgsqlDbType.Text, ct);
        }
        CryptographicOperations.ZeroMemory(dataKey);
        await keys.CompleteAsync(ct);
        await staged.CompleteAsync(ct);
    }

    /// <summary>The four events of a check, serialised by the server's registry, with placeholders the SQL fills per check.</summary>
    private static (string Name, string Template, string DotnetType)[] VerificationTemplates(ReplayServer server, DateOnly treatmentDate, DateTimeOffset occurredAt)
    {
        var eligibility = new Eligibility("01130012", "全国健康保険協会東京支部", 1, "030", new DateOnly(2020, 4, 1), null, 1, null);
        object[] events =
        [
            new CardRead("__VID__", "dev-__FAC__", "__FAC__", "__FAC__", treatmentDate, occurredAt,
                new CardCertificate("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "0a1b2c3d", "JPKI", occurredAt.AddYears(3)),
                new ReaderCapabilities(true, "PaSoRi RC-S300")),
            new IdentityVerified(IdentityMode.Pin, "staff-__FAC__", "challenge-__VID__", occurredAt.AddSeconds(20)),
            new EligibilityLookupFailed("upstream timeout", true, occurredAt.AddSeconds(25)),
            new EligibilityConfirmed(eligibility, new SealedPersonalData("__KEY__", "__SEALED__"), occurredAt.AddSeconds(40)),
        ];
        return [.. events.Select(e => (server.Types.NameOf(e.GetType()), server.Types.Serialize(e),
            $"{e.GetType().FullName}, {e.GetType().Assembly.GetName().Name}"))];
    }

    /// <summary>Before anything is timed: sample events deserialise with the server's registry and their personal data unseals through its protector.</summary>
    private static async Task CheckSampleAsync(BenchDatabase database, ReplayServer server, int checks, CancellationToken ct)
    {
        foreach (var check in new[] { 0, checks / 2, checks - 1 }.Distinct())
        {
            await using var command = database.DataSource.CreateCommand(
                $"select type, data::text from {BenchDatabase.Events} where tenant_id = $1 and stream_id = $2 and version = $3");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Tenant });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "verification-" + VerificationOf(check) });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = EventsPerCheck });
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) throw new InvalidOperationException($"Check {check} has no confirmation event.");
            var confirmed = (EligibilityConfirmed)server.Types.Deserialize(reader.GetString(0), reader.GetString(1));
            var opened = await server.Protector.UnsealAsync(Tenant, VerificationOf(check), confirmed.Personal, ct);
            if (opened != People[check % People.Length])
                throw new InvalidOperationException($"Check {check}: the protector opened {opened?.ToString() ?? "nothing"}, not the seeded personal data.");
        }
    }
}
