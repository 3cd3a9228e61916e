using System.Net.Http.Json;
using System.Text.Json;
using MynaEvents.Edge.Jpki;
using MynaEvents.Edge.Reception;
using MynaEvents.Edge.Screen;
using MynaEvents.Edge.ServerApi;
using MynaEvents.VirtualCard;

namespace MynaEvents.Edge.Tests.EndToEnd;

/// <summary>
/// The whole path, all real: a virtual card in a vpcd reader → pcscd → the edge's PC/SC layer and
/// JPKI flow → its durable queue → HTTP through a real TCP hop → the server → PostgreSQL → the
/// facility view. Reader A is this class's.
/// </summary>
[Collection(PcscCollectionDefinition.Name)]
public sealed class ReceptionEndToEndTests(PcscFixture pcsc, EdgeServer server) : IClassFixture<EdgeServer>, IAsyncLifetime
{
    private const string Pin = "4721";
    private readonly VirtualReader _reader = pcsc.Reader('A');
    private readonly ReceptionScreen _screen = new();
    private readonly List<JpkiCardEmulator> _cards = [];
    private VpcdCardConnection? _inserted;

    public Task InitializeAsync()
    {
        server.Gate.Open();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        server.Gate.Open();
        await RemoveCardAsync();
        // Whatever a test did, the edge never selected the application holding the 個人番号, nor
        // a file of the signing side.
        Assert.All(_cards, card => Assert.False(card.CardInfoApplicationSelected));
        Assert.All(_cards, card => Assert.DoesNotContain(card.Log, e => e.Ins == 0xA4 && e.SelectedId is "0001" or "0002" or "001A" or "001B"));
    }

    private async Task<JpkiCardEmulator> InsertAsync(TestCard card, JpkiCardOptions? options = null)
    {
        await RemoveCardAsync();
        var emulator = new JpkiCardEmulator(card, server.Authority.Certificate, (options ?? new JpkiCardOptions()) with { Pin = Pin });
        _cards.Add(emulator);
        _inserted = await VpcdCardConnection.InsertAsync(emulator, _reader.Port);
        await _inserted.SeenByReader.WaitAsync(TimeSpan.FromSeconds(10));
        return emulator;
    }

    private async Task RemoveCardAsync()
    {
        if (_inserted is null) return;
        await _inserted.RemoveAsync();
        await _inserted.DisposeAsync();
        _inserted = null;
        using var context = await MynaEvents.Edge.Pcsc.PcscContext.EstablishAsync(TimeSpan.FromSeconds(5));
        await context.WaitForRemovalAsync(_reader.Name, TimeSpan.FromSeconds(5));
    }

    private static readonly TimeSpan CardWait = TimeSpan.FromSeconds(10);

    /// <summary>The check's row in the facility view once the view has caught up with its last command (the view is kept async).</summary>
    private async Task<JsonElement> FacilityViewRowAsync(DeviceCredential device, string verificationId, string status = "confirmed")
    {
        using var staff = await server.StaffAsync(device.TenantId, device.FacilityId);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var page = await staff.GetFromJsonAsync<JsonElement>($"/api/tenants/{device.TenantId}/facilities/{device.FacilityId}/checks");
            foreach (var row in page.GetProperty("checks").EnumerateArray())
                if (row.GetProperty("verificationId").GetString() == verificationId && row.GetProperty("status").GetString() == status) return row;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"check {verificationId} never appeared in the facility view as {status}");
    }

    [Fact]
    public async Task a_visual_check_goes_from_the_card_to_the_facility_view()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync(name: "目視\u3000一郎", kana: "モクシ\u3000イチロウ");
        var emulator = await InsertAsync(card);
        await using var edge = await EdgeDesk.OpenAsync(server, device, new ScriptedPinPad());

        var result = await edge.Desk.CheckAsync(_reader.Name, IdentityChoice.Visual, "staff-1", CardWait, CancellationToken.None);

        Assert.Equal(CheckEnd.Answered, result.End);
        Assert.Equal(VerificationStatuses.Confirmed, result.Answer!.Status);
        Assert.Equal("visual", result.Answer.IdentityMode);
        Assert.Contains("資格確認済", edge.Display.All);
        Assert.Contains("目視\u3000一郎", edge.Display.All);
        var row = await FacilityViewRowAsync(device, result.VerificationId!);
        Assert.Equal("confirmed", row.GetProperty("status").GetString());
        Assert.Equal("visual", row.GetProperty("identityMethod").GetString());
        Assert.Equal("目視\u3000一郎", row.GetProperty("personal").GetProperty("name").GetString());
        Assert.Equal(0, await edge.Queue.CountPendingAsync(CancellationToken.None));
        Assert.DoesNotContain(emulator.Log, e => e.Ins == 0x20); // 目視 spends no PIN try and never asks for one
    }

    [Fact]
    public async Task a_pin_check_signs_the_servers_challenge_and_is_confirmed()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync();
        var emulator = await InsertAsync(card);
        var pad = new ScriptedPinPad(Pin);
        await using var edge = await EdgeDesk.OpenAsync(server, device, pad);

        var result = await edge.Desk.CheckAsync(_reader.Name, IdentityChoice.Pin, "staff-1", CardWait, CancellationToken.None);

        Assert.Equal(CheckEnd.Answered, result.End);
        Assert.Equal(VerificationStatuses.Confirmed, result.Answer!.Status);
        Assert.Equal("pin", result.Answer.IdentityMode);
        Assert.Equal(1, pad.Asked);
        Assert.Equal(3, emulator.PinTriesLeft);
        Assert.Contains(emulator.Log, e => e.Ins == 0x2A && e.StatusWord == 0x9000);
        Assert.Equal("pin", (await FacilityViewRowAsync(device, result.VerificationId!)).GetProperty("identityMethod").GetString());
    }

    [Fact]
    public async Task a_wrong_pin_shows_the_tries_left_and_the_right_one_then_confirms()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync();
        var emulator = await InsertAsync(card);
        await using var edge = await EdgeDesk.OpenAsync(server, device, new ScriptedPinPad("0000", Pin));

        var result = await edge.Desk.CheckAsync(_reader.Name, IdentityChoice.Pin, "staff-1", CardWait, CancellationToken.None);

        Assert.Equal(CheckEnd.Answered, result.End);
        Assert.Equal(VerificationStatuses.Confirmed, result.Answer!.Status);
        Assert.Contains(_screen.WrongPin(2), edge.Display.Shown);
        Assert.Equal(3, emulator.PinTriesLeft); // a right PIN resets the counter
    }

    [Fact]
    public async Task the_last_try_is_warned_about_before_the_patient_types()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync();
        await InsertAsync(card, new JpkiCardOptions { PinTries = 1 });
        await using var edge = await EdgeDesk.OpenAsync(server, device, new ScriptedPinPad(Pin));

        var result = await edge.Desk.CheckAsync(_reader.Name, IdentityChoice.Pin, "staff-1", CardWait, CancellationToken.None);

        var shown = edge.Display.Shown.ToList();
        var warning = shown.IndexOf(_screen.LastTryWarning());
        Assert.True(warning >= 0, "the last-try warning was not shown");
        Assert.True(warning < shown.IndexOf(_screen.PinPrompt(1)), "the warning must come before the PIN prompt");
        Assert.Equal(CheckEnd.Answered, result.End);
    }

    [Fact]
    public async Task a_blocked_card_stops_the_check_with_nothing_on_the_server()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync();
        var emulator = await InsertAsync(card, new JpkiCardOptions { PinTries = 0 });
        var pad = new ScriptedPinPad(Pin);
        await using var edge = await EdgeDesk.OpenAsync(server, device, pad);

        var result = await edge.Desk.CheckAsync(_reader.Name, IdentityChoice.Pin, "staff-1", CardWait, CancellationToken.None);

        Assert.Equal(CheckEnd.CardStopped, result.End);
        Assert.Equal(CardProblem.PinBlocked, result.Problem);
        Assert.Equal(0, pad.Asked); // never asks for a PIN the card cannot take
        Assert.Contains(_screen.CardProblem(CardProblem.PinBlocked), edge.Display.Shown);
        Assert.Empty(await server.CommandsWrittenAsync(device.TenantId));
        Assert.Equal(0, await edge.Queue.CountPendingAsync(CancellationToken.None));
        Assert.Equal(0, emulator.PinTriesLeft);
    }

    [Fact]
    public async Task three_wrong_pins_block_the_card_and_write_nothing()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync();
        var emulator = await InsertAsync(card);
        await using var edge = await EdgeDesk.OpenAsync(server, device, new ScriptedPinPad("1111", "2222", "3333", Pin));

        var result = await edge.Desk.CheckAsync(_reader.Name, IdentityChoice.Pin, "staff-1", CardWait, CancellationToken.None);

        Assert.Equal(CheckEnd.CardStopped, result.End);
        Assert.Equal(CardProblem.PinBlocked, result.Problem);
        Assert.Contains(_screen.LastTryWarning(), edge.Display.Shown);
        Assert.Equal(0, emulator.PinTriesLeft);
        Assert.Empty(await server.CommandsWrittenAsync(device.TenantId));
    }

    [Fact]
    public async Task a_card_taken_out_mid_read_leaves_nothing_half_written()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync();
        await InsertAsync(card, new JpkiCardOptions { ExtendedApdu = false, Fault = new CardFault.RemoveDuringReadBinary(2) });
        await using var edge = await EdgeDesk.OpenAsync(server, device, new ScriptedPinPad());

        var result = await edge.Desk.CheckAsync(_reader.Name, IdentityChoice.Visual, "staff-1", CardWait, CancellationToken.None);

        Assert.Equal(CheckEnd.CardStopped, result.End);
        Assert.Contains(result.Problem, new CardProblem?[] { CardProblem.CardRemoved, CardProblem.TruncatedResponse, CardProblem.NoCard });
        Assert.Empty(await server.CommandsWrittenAsync(device.TenantId));
        Assert.Equal(0, await edge.Queue.CountPendingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task a_card_that_stops_answering_stops_the_check_with_a_timeout_and_the_next_card_is_read()
    {
        var device = await server.DeviceAsync();
        using var hung = await server.PatientAsync();
        var emulator = await InsertAsync(hung, new JpkiCardOptions { Fault = new CardFault.StopsAnswering(0xB0) });
        await using var edge = await EdgeDesk.OpenAsync(server, device, new ScriptedPinPad());

        // The default bound applies; the guard only keeps a hang from stalling the suite.
        var result = await edge.Desk.CheckAsync(_reader.Name, IdentityChoice.Visual, "staff-1", CardWait, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(CheckEnd.CardStopped, result.End);
        Assert.Equal(CardProblem.Timeout, result.Problem);
        Assert.Contains(_screen.CardProblem(CardProblem.Timeout), edge.Display.Shown);
        Assert.True(emulator.IsHung);
        Assert.Equal(0, await edge.Queue.CountPendingAsync(CancellationToken.None));

        using var next = await server.PatientAsync();
        await InsertAsync(next);
        var again = await edge.Desk.CheckAsync(_reader.Name, IdentityChoice.Visual, "staff-1", CardWait, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(CheckEnd.Answered, again.End);
    }

    [Fact]
    public async Task a_reader_name_that_matches_no_reader_fails_at_once_naming_the_connected_readers()
    {
        var device = await server.DeviceAsync();
        await using var edge = await EdgeDesk.OpenAsync(server, device, new ScriptedPinPad());

        // Two minutes of card wait; the guard fails the test long before that if the desk waits.
        var result = await edge.Desk.CheckAsync("Virtual PCD Z 00 00", IdentityChoice.Visual, "staff-1", TimeSpan.FromMinutes(2), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(CheckEnd.CardStopped, result.End);
        Assert.Equal(CardProblem.NoReader, result.Problem);
        var shown = Assert.Single(edge.Display.Shown);
        Assert.StartsWith("設定されたカードリーダー「Virtual PCD Z 00 00」が見つかりません。", shown, StringComparison.Ordinal);
        Assert.Contains("「Virtual PCD A 00 00」", shown, StringComparison.Ordinal);
        Assert.Contains("「Virtual PCD D 00 00」", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_short_apdu_reader_still_reads_the_whole_certificate_and_is_reported()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync();
        await InsertAsync(card, new JpkiCardOptions { ExtendedApdu = false });
        await using var edge = await EdgeDesk.OpenAsync(server, device, new ScriptedPinPad());

        var result = await edge.Desk.CheckAsync(_reader.Name, IdentityChoice.Visual, "staff-1", CardWait, CancellationToken.None);

        Assert.Equal(CheckEnd.Answered, result.End);
        Assert.Equal(VerificationStatuses.Confirmed, result.Answer!.Status);
        Assert.False(await ReaderReportedExtendedAsync(device.TenantId, result.VerificationId!));
    }

    private async Task<bool> ReaderReportedExtendedAsync(string tenantId, string verificationId)
    {
        await using var command = server.Database.DataSource.CreateCommand(
            "select (data->'reader'->>'supportsExtendedApdu')::boolean from myna_events.mt_events where type <> 'tombstone' and tenant_id = $1 and stream_id = $2 and type = 'CardRead'");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = tenantId });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = "verification-" + verificationId });
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task twenty_checks_while_the_network_is_down_are_delivered_once_each_in_order_when_it_returns()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync();
        await InsertAsync(card);
        await using var edge = await EdgeDesk.OpenAsync(server, device, new ScriptedPinPad());
        server.Gate.Close();

        var verifications = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var pending = await edge.Desk.CheckAsync(_reader.Name, IdentityChoice.Visual, $"staff-{i}", CardWait, CancellationToken.None);
            Assert.Equal(CheckEnd.Pending, pending.End);
            verifications.Add(pending.VerificationId!);
        }
        var queued = await edge.Queue.PeekPendingAsync(100, CancellationToken.None);
        Assert.Contains(_screen.Pending(60), edge.Display.Shown);
        Assert.Empty(await server.CommandsWrittenAsync(device.TenantId));

        server.Gate.Open();
        var delivered = await edge.Desk.DeliverAsync(verifications[^1], CancellationToken.None);

        Assert.Equal(CheckEnd.Answered, delivered.End);
        Assert.Equal(60, queued.Count);
        var written = await server.CommandsWrittenAsync(device.TenantId);
        Assert.Equal(queued.Select(q => q.CommandId), written.Select(w => w.CommandId));
        Assert.Equal(0, await edge.Queue.CountPendingAsync(CancellationToken.None));

        // Delivering the same commands again (as after a crash between send and settle) writes nothing.
        using var http = server.EdgeHttp();
        var client = new MynaServerClient(http);
        var first = queued[0];
        var again = await client.CardReadAsync(device, first.VerificationId,
            JsonSerializer.Deserialize<CardReadRequest>(first.Payload, ServerJson.Options)!, CancellationToken.None);
        Assert.Equal(first.VerificationId, again.VerificationId);
        Assert.Equal(written, await server.CommandsWrittenAsync(device.TenantId));
    }

    [Fact]
    public async Task a_pin_check_on_a_home_visit_signs_a_stocked_challenge_and_is_confirmed_later()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync();
        await InsertAsync(card);
        await using var edge = await EdgeDesk.OpenAsync(server, device, new ScriptedPinPad(Pin));
        Assert.Equal(20, await edge.Desk.RefillChallengesAsync(CancellationToken.None));
        server.Gate.Close();

        var pending = await edge.Desk.CheckAsync(_reader.Name, IdentityChoice.Pin, "visiting-1", CardWait, CancellationToken.None);
        Assert.Equal(CheckEnd.Pending, pending.End);
        Assert.Equal(19, await edge.Queue.CountChallengesAsync(DateTimeOffset.UtcNow, CancellationToken.None));

        server.Gate.Open();
        var delivered = await edge.Desk.DeliverAsync(pending.VerificationId!, CancellationToken.None);

        Assert.Equal(CheckEnd.Answered, delivered.End);
        Assert.Equal(VerificationStatuses.Confirmed, delivered.Answer!.Status);
        Assert.Equal("pin", delivered.Answer.IdentityMode);
    }

    [Fact]
    public async Task no_challenge_left_offline_means_pin_mode_asks_for_a_visual_check_and_spends_no_try()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync();
        var emulator = await InsertAsync(card);
        var pad = new ScriptedPinPad(Pin);
        await using var edge = await EdgeDesk.OpenAsync(server, device, pad);
        server.Gate.Close();

        var result = await edge.Desk.CheckAsync(_reader.Name, IdentityChoice.Pin, "visiting-1", CardWait, CancellationToken.None);

        Assert.Equal(CheckEnd.CardStopped, result.End);
        Assert.Equal(CardProblem.NoChallenge, result.Problem);
        Assert.Equal(0, pad.Asked);
        Assert.Equal(3, emulator.PinTriesLeft);
    }

    [Fact]
    public async Task the_fake_individual_number_is_nowhere_in_the_database_logs_or_traces()
    {
        var device = await server.DeviceAsync();
        using var card = await server.PatientAsync();
        var emulator = await InsertAsync(card);
        await using var edge = await EdgeDesk.OpenAsync(server, device, new ScriptedPinPad(Pin));
        await edge.Desk.CheckAsync(_reader.Name, IdentityChoice.Pin, "staff-1", CardWait, CancellationToken.None);
        var number = new JpkiCardOptions().FakeIndividualNumber;

        Assert.False(emulator.CardInfoApplicationSelected);
        Assert.DoesNotContain(emulator.Log, e => e.SelectedId is { } id && id.Replace(" ", "", StringComparison.Ordinal).Contains("D392100031", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(number, await server.EverythingStoredAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(server.ServerLog, line => line.Contains(number, StringComparison.Ordinal));
        Assert.DoesNotContain(server.Spans, span => span.TagObjects.Any(t => t.Value?.ToString()?.Contains(number, StringComparison.Ordinal) == true)
            || span.DisplayName.Contains(number, StringComparison.Ordinal));
        Assert.DoesNotContain(number, edge.Display.All, StringComparison.Ordinal);
        Assert.NotEmpty(server.ServerLog);
        Assert.NotEmpty(server.Spans);
    }
}
