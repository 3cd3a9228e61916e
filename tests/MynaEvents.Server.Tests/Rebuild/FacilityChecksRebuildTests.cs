using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MynaEvents.EligibilitySimulator.Faults;
using MynaEvents.EligibilitySimulator.Persons;
using MynaEvents.Server.Tests.EligibilityGateway;
using MynaEvents.Server.Tests.Facilities;
using MynaEvents.Testing;
using MynaEvents.VirtualCard;
using Xunit.Abstractions;

namespace MynaEvents.Server.Tests.Rebuild;

/// <summary>
/// The async projection facility_checks, rebuilt from position zero, must arrive at exactly the
/// table it kept live: a randomised workload through the real HTTP API, a snapshot of the whole
/// table, a rebuild, a second snapshot, row by row equal.
/// </summary>
public sealed class FacilityChecksRebuildTests(RebuildFixture fixture, ITestOutputHelper output) : IClassFixture<RebuildFixture>
{
    private const string Projection = "facility_checks";

    // Columns excluded from the comparison, with the reason for each. None: the projection writes
    // no now() and no sequence; every column (updated_at and last_occurred_at included) is taken
    // from the events themselves, and the personal columns must survive a rebuild as well, since
    // every check's 翌月末 is still ahead and its data key alive.
    private static readonly HashSet<string> Excluded = new(StringComparer.Ordinal);

    private static readonly string[] AfterNotFound = ["myna_portal", "qualification_certificate", "eligibility_notice"];
    private static readonly string[] WithoutCard = ["myna_portal", "qualification_certificate", "oral_follow_up"];
    private static readonly string[] BurdenRatios = ["010", "020", "030"];

    private sealed record Site(FacilitiesApi Api, string Judo1, string Ahaki1, string Judo2, string Ahaki2,
        Dictionary<string, (HttpClient Client, string DeviceId)> Devices, Dictionary<string, HttpClient> Staff, string FirstCardReadId);

    /// <summary>A check left waiting for a retried lookup after an outage.</summary>
    private sealed record Pending(string Id, HttpClient Device);

    [Fact]
    public async Task a_rebuilt_view_equals_the_live_one_after_a_randomised_workload()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MYNA_REBUILD_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        var replay = $"seed {seed} (replay with MYNA_REBUILD_SEED={seed})";
        output.WriteLine(replay);
        var rng = new Random(seed);
        var clock = Stopwatch.StartNew();

        var site = await SiteAsync();
        // Patients come back: a small pool of cards (an RSA key each is slow to make), reused across checks.
        var cards = await CardsAsync();
        var tenant = site.Api.Tenant;
        var total = rng.Next(40, 71);
        var declareAt = total / 3 + rng.Next(0, 5);
        var withdrawAt = 2 * total / 3 + rng.Next(0, 5);
        string? colocation = null;
        var started = new HashSet<string>(StringComparer.Ordinal) { site.FirstCardReadId };
        var pending = new List<Pending>();
        var log = new List<string>();
        var exports = 0;

        for (var step = 0; step < total; step++)
        {
            if (step == declareAt)
            {
                colocation = FacilitiesApi.Id(await site.Api.AcceptedAsync("/colocations", new
                {
                    commandId = Guid.NewGuid(), facilityIds = new[] { site.Judo1, site.Ahaki1 }, primaryFacilityId = site.Judo1,
                    sharedDeviceIds = new[] { site.Devices[site.Judo1].DeviceId },
                }));
                log.Add($"[declare@{step}]");
            }
            if (step == withdrawAt && colocation is not null)
            {
                var version = (await site.Api.FacilityAsync(site.Ahaki1)).GetProperty("colocation").GetProperty("streamVersion").GetInt64();
                await site.Api.AcceptedAsync($"/colocations/{colocation}/withdrawal", new { commandId = Guid.NewGuid(), expectedVersion = version });
                colocation = null;
                log.Add($"[withdraw@{step}]");
            }

            // Now and then a check that failed during an outage is retried and confirmed.
            if (pending.Count > 0 && rng.NextDouble() < 0.3)
            {
                var retried = pending[rng.Next(pending.Count)];
                pending.Remove(retried);
                await LookupAsync(retried.Device, tenant, retried.Id, "confirmed", replay);
                log.Add("[retry]");
            }

            // Now and then a receipt export (レセコン連携), as staff or as the group's auditor.
            if (rng.NextDouble() < 0.12 || step == declareAt || step == withdrawAt || step == total - 1)
            {
                var facility = new[] { site.Judo1, site.Ahaki1, site.Judo2, site.Ahaki2 }[rng.Next(4)];
                var format = rng.Next(2) == 0 ? "json" : "csv";
                var exported = await site.Staff[facility].GetAsync($"/api/tenants/{tenant}/facilities/{facility}/receipt-export?month={ThisMonth}&format={format}");
                Assert.True(exported.StatusCode == HttpStatusCode.OK, $"{replay}: export {(int)exported.StatusCode} {await exported.Content.ReadAsStringAsync()}");
                exports++;
            }

            var atPair = rng.NextDouble() < 0.7;
            var target = atPair ? (rng.Next(2) == 0 ? site.Judo1 : site.Ahaki1) : (rng.Next(2) == 0 ? site.Judo2 : site.Ahaki2);
            // While the pair is co-located the judo reader is shared (兼用) and may read for the ahaki facility.
            var device = target == site.Ahaki1 && colocation is not null && rng.Next(2) == 0 ? site.Devices[site.Judo1] : site.Devices[target];
            var id = Guid.NewGuid().ToString();
            started.Add(id);
            var kind = rng.Next(100);
            log.Add($"{kind}:{(target == site.Judo1 ? "J1" : target == site.Ahaki1 ? "A1" : target == site.Judo2 ? "J2" : "A2")}");

            switch (kind)
            {
                case < 30: // confirmed online, 目視 or 暗証番号
                {
                    var card = Pick(cards.Valid, rng);
                    await CardReadAsync(device.Client, tenant, id, target, card, replay);
                    await IdentityAsync(device, tenant, id, card, pin: rng.Next(4) == 0, replay);
                    await LookupAsync(device.Client, tenant, id, "confirmed", replay);
                    break;
                }
                case < 45: // the national system is down: lookup_failed, confirmed later
                {
                    var card = Pick(cards.Valid, rng);
                    await CardReadAsync(device.Client, tenant, id, target, card, replay);
                    await IdentityAsync(device, tenant, id, card, pin: false, replay);
                    await fixture.Simulator.SetFaultsAsync(new FaultSettings(ErrorRate: 1.0));
                    try
                    {
                        await LookupAsync(device.Client, tenant, id, "lookup_failed", replay);
                    }
                    finally
                    {
                        await fixture.Simulator.SetFaultsAsync(FaultSettings.None);
                    }
                    pending.Add(new Pending(id, device.Client));
                    break;
                }
                case < 57: // 資格情報なし, then maybe a document
                {
                    var unknown = Pick(cards.Unknown, rng);
                    var read = await CardReadAsync(device.Client, tenant, id, target, unknown, replay);
                    await IdentityAsync(device, tenant, id, unknown, pin: false, replay);
                    await LookupAsync(device.Client, tenant, id, "not_found", replay);
                    if (rng.Next(3) > 0)
                        await FallbackAsync(site.Staff[target], tenant, id, target, AfterNotFound[rng.Next(AfterNotFound.Length)],
                            DateOnly.Parse(read.GetProperty("treatmentDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture), rng, replay);
                    break;
                }
                case < 65: // 資格（無効）, then maybe a document showing valid coverage
                {
                    var card = Pick(cards.Invalid, rng);
                    var read = await CardReadAsync(device.Client, tenant, id, target, card, replay);
                    await IdentityAsync(device, tenant, id, card, pin: false, replay);
                    await LookupAsync(device.Client, tenant, id, "invalid", replay);
                    if (rng.Next(2) == 0)
                        await FallbackAsync(site.Staff[target], tenant, id, target, "qualification_certificate",
                            DateOnly.Parse(read.GetProperty("treatmentDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture), rng, replay);
                    break;
                }
                case < 85: // a document only, no card: some for an earlier treatment date this or last month
                {
                    var date = FacilitiesApi.Today.AddDays(-rng.Next(0, 15));
                    await FallbackAsync(site.Staff[target], tenant, id, target, WithoutCard[rng.Next(WithoutCard.Length)], date, rng, replay);
                    break;
                }
                case < 90: // the card's certificate is past its grace: a document instead
                {
                    var expired = Pick(cards.Expired, rng);
                    var read = await CardReadAsync(device.Client, tenant, id, target, expired, replay);
                    Assert.True(read.GetProperty("status").GetString() == "certificate_beyond_grace", $"{replay}: {read}");
                    if (rng.Next(2) == 0)
                        await FallbackAsync(site.Staff[target], tenant, id, target, "qualification_certificate",
                            DateOnly.Parse(read.GetProperty("treatmentDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture), rng, replay);
                    break;
                }
                default: // left unfinished at reception: card read, perhaps identity
                {
                    var card = Pick(cards.Valid, rng);
                    await CardReadAsync(device.Client, tenant, id, target, card, replay);
                    if (rng.Next(2) == 0) await IdentityAsync(device, tenant, id, card, pin: rng.Next(2) == 0, replay);
                    break;
                }
            }
        }
        foreach (var retried in pending) await LookupAsync(retried.Device, tenant, retried.Id, "confirmed", replay);
        var workload = clock.Elapsed;

        await CaughtUpAsync(replay);
        var live = await SnapshotAsync();

        // Not trivial: every check is there, for both facilities of the pair, some shared, several outcomes.
        var context = $"{replay}; workload {string.Join(" ", log)}; {exports} exports";
        Assert.True(started.SetEquals(live.Select(r => r.Values["verification_id"]!)), $"{context}: the live view holds every check started, and only those");
        Assert.Contains(live, r => r.Values["viewer_facility_id"] == site.Judo1);
        Assert.Contains(live, r => r.Values["viewer_facility_id"] == site.Ahaki1);
        Assert.True(live.Any(r => r.Values["shared"] == "true"), $"{context}: some rows are shared by the co-location");
        var statuses = live.Select(r => r.Values["status"]).ToHashSet(StringComparer.Ordinal);
        Assert.True(statuses.Count >= 4 && statuses.Contains("confirmed") && statuses.Contains("confirmed_by_fallback"),
            $"{context}: several statuses, got {string.Join(",", statuses)}");
        Assert.Contains(live, r => r.Values["name"] is not null && r.Values["shredded"] == "false");

        using var platform = fixture.Server.AdminClient();
        var before = await CheckpointAsync(platform);
        var requested = await platform.PostAsJsonAsync($"/api/projections/{Projection}/rebuild", new { commandId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var beforeStarted = before.GetProperty("rebuildStartedAt").ValueKind == JsonValueKind.Null ? null : before.GetProperty("rebuildStartedAt").GetString();
        await Eventually.TrueAsync(async () =>
        {
            var now = await CheckpointAsync(platform);
            return now.GetProperty("rebuildRequestedAt").ValueKind == JsonValueKind.Null
                && now.GetProperty("rebuildStartedAt").ValueKind != JsonValueKind.Null
                && now.GetProperty("rebuildStartedAt").GetString() != beforeStarted;
        }, $"{replay}: the rebuild of {Projection} starts");
        await CaughtUpAsync(replay);
        var rebuilt = await SnapshotAsync();
        // The rebuild ran to its end and the projection stands at the last event of the log.
        Assert.True(await fixture.Server.Database.ScalarAsync<bool>($"""
            select r.finished_at is not null and p.last_seq_id = (select max(seq_id) from myna_events.mt_events where type <> 'tombstone')
              from myna.projection_rebuilds r join myna_events.mt_event_progression p on p.name = r.name || ':All'
             where r.name = '{Projection}'
            """), $"{replay}: the rebuild applied every event of the log");

        output.WriteLine($"{live.Count} rows, {started.Count} checks, {exports} exports; statuses {string.Join(",", statuses.Order(StringComparer.Ordinal))}; workload {workload.TotalSeconds:F1}s, all {clock.Elapsed.TotalSeconds:F1}s");
        for (var i = 0; i < Math.Min(live.Count, rebuilt.Count); i++)
        {
            if (live[i].Text == rebuilt[i].Text) continue;
            var differing = live[i].Values.Keys.Where(k => live[i].Values[k] != rebuilt[i].Values[k])
                .Select(k => $"{k}: live '{live[i].Values[k] ?? "NULL"}' rebuilt '{rebuilt[i].Values[k] ?? "NULL"}'");
            Assert.Fail($"{context}: row {i} differs after the rebuild ({string.Join("; ", differing)})\nlive:    {live[i].Text}\nrebuilt: {rebuilt[i].Text}");
        }
        if (live.Count != rebuilt.Count)
            Assert.Fail($"{context}: {live.Count} rows live, {rebuilt.Count} rebuilt; first extra: {(live.Count > rebuilt.Count ? live[rebuilt.Count].Text : rebuilt[live.Count].Text)}");
    }

    private static string ThisMonth => FacilitiesApi.Today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    // ---- the group --------------------------------------------------------------------------------

    private async Task<Site> SiteAsync()
    {
        var api = await FacilitiesApi.NewGroupAsync(fixture.Server, "Rebuild Clinics", fixture.Authority);
        var shinjuku = await api.BranchAsync("Shinjuku");
        var shibuya = await api.BranchAsync("Shibuya");
        var devices = new Dictionary<string, (HttpClient, string)>(StringComparer.Ordinal);
        var staff = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        async Task<string> ReadyAsync(string branch, string kind)
        {
            var facility = await api.FacilityAsync(branch, kind);
            await api.ApproveAsync(facility, await api.ApplyAsync(facility, devices: 2));
            var (deviceId, code) = await api.DeviceAsync(facility);
            using var anonymous = fixture.Server.CreateClient();
            var activated = await anonymous.PostAsJsonAsync("/api/devices/activate", new { activationCode = code, commandId = Guid.NewGuid() });
            activated.EnsureSuccessStatusCode();
            devices[facility] = (fixture.Server.CreateClient((await activated.JsonAsync()).GetProperty("credential").GetString()!), deviceId);
            staff[facility] = fixture.Server.CreateClient(await FacilitiesApi.TokenAsync(fixture.Server, api.Tenant, "reception_staff", facility));
            return facility;
        }
        var judo1 = await ReadyAsync(shinjuku, "judo");
        var ahaki1 = await ReadyAsync(shinjuku, "ahaki");
        var judo2 = await ReadyAsync(shibuya, "judo");
        var ahaki2 = await ReadyAsync(shibuya, "ahaki");
        var firstCardRead = await api.ReadACardAsync(judo1, devices[judo1].Item1);
        await api.StartAsync(judo1, FacilitiesApi.Today);
        return new Site(api, judo1, ahaki1, judo2, ahaki2, devices, staff, firstCardRead);
    }

    // ---- one check, step by step ------------------------------------------------------------------------

    private sealed record Cards(TestCard[] Valid, TestCard[] Invalid, TestCard[] Unknown, TestCard[] Expired);

    private static TestCard Pick(TestCard[] pool, Random rng) => pool[rng.Next(pool.Length)];

    private async Task<Cards> CardsAsync()
    {
        var notAfter = DateTimeOffset.UtcNow.AddMonths(-5);
        var issued = await Task.WhenAll(Enumerable.Range(0, 14).Select(i => Task.Run(() => i < 12
            ? fixture.Authority.IssueCard()
            : fixture.Authority.IssueCard(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8), notAfter, notAfter.AddYears(-5)))));
        for (var i = 0; i < 6; i++) await PatientAsync(issued[i], QualificationValidities.Valid);
        for (var i = 6; i < 9; i++)
            await PatientAsync(issued[i], i % 2 == 0 ? QualificationValidities.Invalid : QualificationValidities.InvalidNewerQualificationExists);
        // issued[9..12] stay unknown to the simulator (資格情報なし); issued[12..] are past their grace.
        return new Cards(issued[..6], issued[6..9], issued[9..12], issued[12..]);
    }

    private async Task PatientAsync(TestCard card, string validity)
    {
        var person = SimulatorFixture.SamplePerson(validity) with { Name = "再構築\u3000" + Guid.NewGuid().ToString("N")[..6] };
        await fixture.Simulator.AddPersonAsync(person, card.Certificate.SerialNumber);
    }

    private static string Route(string tenant, string id, string step = "") => $"/api/tenants/{tenant}/verifications/{id}{step}";

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response, string what, string replay)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{replay}: {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    private static async Task<JsonElement> CardReadAsync(HttpClient device, string tenant, string id, string facility, TestCard card, string replay) =>
        await CreatedAsync(await device.PostAsJsonAsync(Route(tenant, id, "/card-read"), new
        {
            commandId = Guid.NewGuid(),
            treatedAtFacilityId = facility,
            occurredAt = DateTimeOffset.UtcNow,
            certificateDer = Convert.ToBase64String(card.CertificateDer),
            readerSupportsExtendedApdu = true,
            readerName = "Virtual PCD",
        }), "card-read", replay);

    private static async Task IdentityAsync((HttpClient Client, string DeviceId) device, string tenant, string id, TestCard card, bool pin, string replay)
    {
        if (!pin)
        {
            await CreatedAsync(await device.Client.PostAsJsonAsync(Route(tenant, id, "/identity"),
                new { commandId = Guid.NewGuid(), mode = "visual", staffId = "staff-rb", occurredAt = DateTimeOffset.UtcNow }), "identity (visual)", replay);
            return;
        }
        var challenge = await (await device.Client.PostAsJsonAsync($"/api/tenants/{tenant}/devices/{device.DeviceId}/challenges", new { commandId = Guid.NewGuid() })).JsonAsync();
        await CreatedAsync(await device.Client.PostAsJsonAsync(Route(tenant, id, "/identity"), new
        {
            commandId = Guid.NewGuid(),
            mode = "pin",
            staffId = "staff-rb",
            occurredAt = DateTimeOffset.UtcNow,
            challengeId = challenge.GetProperty("challengeId").GetString(),
            signature = Convert.ToBase64String(card.SignNonce(Convert.FromBase64String(challenge.GetProperty("nonce").GetString()!))),
            certificateDer = Convert.ToBase64String(card.CertificateDer),
        }), "identity (pin)", replay);
    }

    private static async Task LookupAsync(HttpClient device, string tenant, string id, string expected, string replay)
    {
        var answer = await CreatedAsync(await device.PostAsJsonAsync(Route(tenant, id, "/lookup"), new { commandId = Guid.NewGuid() }), "lookup", replay);
        Assert.True(answer.GetProperty("status").GetString() == expected, $"{replay}: lookup of {id} expected {expected}, got {answer}");
    }

    private static async Task FallbackAsync(HttpClient staff, string tenant, string id, string facility, string kind, DateOnly treatmentDate, Random rng, string replay)
    {
        var date = FacilitiesApi.Iso(treatmentDate);
        var n = rng.Next(1000, 9999);
        var answer = await CreatedAsync(await staff.PostAsJsonAsync(Route(tenant, id, "/fallback"), new
        {
            commandId = Guid.NewGuid(),
            kind,
            staffId = "staff-fb" + rng.Next(1, 4),
            treatedAtFacilityId = facility,
            treatmentDate = date,
            documentDate = kind == "oral_follow_up" ? null : date,
            occurredAt = DateTimeOffset.UtcNow,
            eligibility = new { insurerNumber = "33120015", personalFamily = rng.Next(1, 3), burdenRatio = BurdenRatios[rng.Next(BurdenRatios.Length)] },
            personal = new
            {
                name = "代替 " + n, nameKana = "ダイタイ ハナコ", birthDate = "1950-01-02", insuredCardSymbol = "記号" + n % 10,
                insuredIdentificationNumber = n.ToString(System.Globalization.CultureInfo.InvariantCulture), insuredBranchNumber = "01",
            },
        }), $"fallback {kind}", replay);
        Assert.True(answer.GetProperty("status").GetString() == "confirmed_by_fallback", $"{replay}: {answer}");
    }

    // ---- the projection ---------------------------------------------------------------------------------

    private static async Task<JsonElement> CheckpointAsync(HttpClient platform)
    {
        var response = await platform.GetAsync("/api/projections");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).EnumerateArray().Single(p => p.GetProperty("name").GetString() == Projection);
    }

    /// <summary>No rebuild waiting, and no event in the log after the projection's checkpoint.</summary>
    private async Task CaughtUpAsync(string replay) =>
        await Eventually.TrueAsync(() => fixture.Server.Database.ScalarAsync<bool>($"""
            select coalesce((
                select not exists (select 1 from myna.projection_rebuilds r where r.name = '{Projection}' and r.finished_at is null)
                       and not exists (select 1 from myna_events.mt_events e where e.seq_id > p.last_seq_id)
                  from myna_events.mt_event_progression p where p.name = '{Projection}:All'), false)
            """), $"{replay}: {Projection} catches up with the log", TimeSpan.FromSeconds(60));

    private sealed record Row(string Text, Dictionary<string, string?> Values);

    /// <summary>The whole table, every column as text, in primary-key order.</summary>
    private async Task<List<Row>> SnapshotAsync()
    {
        var columns = new List<string>();
        await using (var command = fixture.Server.Database.DataSource.CreateCommand(
            "select column_name from information_schema.columns where table_schema = 'myna' and table_name = 'facility_checks' order by ordinal_position"))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                if (!Excluded.Contains(reader.GetString(0))) columns.Add(reader.GetString(0));
        Assert.True(columns.Count > 30, $"facility_checks has {columns.Count} columns");

        var rows = new List<Row>();
        await using (var command = fixture.Server.Database.DataSource.CreateCommand(
            $"select {string.Join(", ", columns.Select(c => $"{c}::text"))} from myna.facility_checks order by tenant_id, viewer_facility_id, verification_id"))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                var values = new Dictionary<string, string?>(StringComparer.Ordinal);
                for (var i = 0; i < columns.Count; i++) values[columns[i]] = reader.IsDBNull(i) ? null : reader.GetString(i);
                rows.Add(new Row(string.Join(" | ", columns.Select(c => $"{c}={values[c] ?? "NULL"}")), values));
            }
        return rows;
    }
}
