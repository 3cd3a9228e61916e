using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MynaEvents.Edge.Jpki;
using MynaEvents.Edge.Pcsc;
using MynaEvents.Edge.Queue;
using MynaEvents.Edge.Reception;
using MynaEvents.Edge.Screen;
using MynaEvents.Edge.ServerApi;
using MynaEvents.EligibilitySimulator;
using MynaEvents.Server.Hosting;
using MynaEvents.Server.Security;
using MynaEvents.VirtualCard;

namespace MynaEvents.Bench.Edge;

/// <summary>Latency of one reception check in PIN mode, and of the card's part alone, in milliseconds.</summary>
internal sealed record EdgeLatencyResult(string Reader, bool Extended, int Checks, double[] EndToEnd, double[] CardOnly);

/// <summary>
/// A PIN-mode reception check through the real stack, timed from "card on the reader" to the
/// server's answer: the virtual card in a vpcd reader → pcscd → the edge's PC/SC layer (select,
/// certificate, tries left, PIN verify, sign of a fresh server challenge) → the queue on disk →
/// card read, identity and lookup over HTTP → the server (PostgreSQL, eligibility simulator).
/// The PIN pad answers at once: typing is not measured. The baseline, in the same run, is the
/// card's part alone through the same pcscd (the same APDUs, no server, no queue).
/// </summary>
internal sealed class EdgeLatencyBenchmark(string connectionString, int checks, int port, string readerName)
{
    private const string Pin = "4721";

    public async Task<EdgeLatencyResult> RunAsync(CancellationToken ct)
    {
        var trust = Directory.CreateTempSubdirectory("myna-bench-trust-").FullName;
        var data = Directory.CreateTempSubdirectory("myna-bench-edge-").FullName;
        await using var simulator = SimulatorApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await simulator.StartAsync(ct);
        var simulatorUrl = Address(simulator);
        using var authority = TestCardAuthority.Create();
        using var card = authority.IssueCard();
        using (var admin = new HttpClient { BaseAddress = new Uri(simulatorUrl) })
            (await admin.PutAsJsonAsync($"admin/persons/{card.Certificate.SerialNumber}", new
            {
                insurerNumber = "01130012", insurerName = "全国健康保険協会東京支部", insuredCardSymbol = "5012", insuredIdentificationNumber = "34567",
                insuredBranchNumber = "00", personalFamilyClassification = "1", name = "計測\u3000太郎", nameKana = "ケイソク\u3000タロウ",
                birthDate = "1980-06-15", qualificationDate = "2010-04-01", insuredPartialContributionRatio = "030", qualificationValidity = "1",
            }, ct)).EnsureSuccessStatusCode();

        await using var server = ServerHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--{ServerOptions.DatabaseVariable}={connectionString}",
            $"--MYNA_MASTER_KEY={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))}",
            $"--MYNA_ELIGIBILITY_URL={simulatorUrl}",
            $"--MYNA_JPKI_CA_CERTS={authority.WriteCertificatePem(trust)}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await server.StartAsync(ct);
        var code = (await server.Services.GetRequiredService<IDeviceCredentials>().IssueActivationCodeAsync("bench-edge", "fac-bench", "reader-1", Guid.NewGuid(), ct))!.Code;
        using var http = new HttpClient { BaseAddress = new Uri(Address(server)) };
        var client = new MynaServerClient(http);
        var device = await client.ActivateAsync(code, ct);

        var emulator = new JpkiCardEmulator(card, authority.Certificate, new JpkiCardOptions { Pin = Pin });
        await using var inserted = await VpcdCardConnection.InsertAsync(emulator, port, ct);
        await inserted.SeenByReader.WaitAsync(TimeSpan.FromSeconds(10), ct);
        using var pcsc = await PcscContext.EstablishAsync(TimeSpan.FromSeconds(10), ct);
        await using var queue = await OfflineQueue.OpenAsync(data, ct);
        var desk = new ReceptionDesk(pcsc, queue, client, device, new ReceptionScreen(), new Silent(), new InstantPinPad(),
            TimeProvider.System, NullLogger<ReceptionDesk>.Instance);
        var reading = new CardReading(new ReceptionScreen(), new Silent(), new InstantPinPad(), PcscCard.DefaultExchangeTimeout);
        var nonce = new IssuedChallenge(Guid.NewGuid(), Convert.ToBase64String(new byte[32]), DateTimeOffset.UtcNow.AddMinutes(1));
        Task<IssuedChallenge> LocalChallenge(CancellationToken _) => Task.FromResult(nonce);

        // Warm up both paths (JIT, connection pools, the server's first plans), then alternate them.
        var extended = false;
        for (var i = 0; i < 10; i++)
        {
            await desk.CheckAsync(readerName, IdentityChoice.Pin, "bench", TimeSpan.FromSeconds(5), ct);
            extended = (await reading.ReadAsync(readerName, IdentityChoice.Pin, LocalChallenge, ct)).ReaderSupportsExtendedApdu;
        }
        var endToEnd = new List<double>(checks);
        var cardOnly = new List<double>(checks);
        for (var i = 0; i < checks; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await desk.CheckAsync(readerName, IdentityChoice.Pin, "bench", TimeSpan.FromSeconds(5), ct);
            endToEnd.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (result.End != CheckEnd.Answered || result.Answer?.Status != VerificationStatuses.Confirmed)
                throw new InvalidOperationException($"check {i} ended {result.End} ({result.Answer?.Status}, {result.Problem}): the benchmark measures confirmed checks only");

            started = Stopwatch.GetTimestamp();
            await reading.ReadAsync(readerName, IdentityChoice.Pin, LocalChallenge, ct);
            cardOnly.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        if (emulator.CardInfoApplicationSelected) throw new InvalidOperationException("the card-info application was selected");
        await inserted.RemoveAsync();
        await server.StopAsync(ct);
        Directory.Delete(trust, recursive: true);
        Directory.Delete(data, recursive: true);
        endToEnd.Sort();
        cardOnly.Sort();
        return new EdgeLatencyResult(readerName, extended, checks, [.. endToEnd], [.. cardOnly]);
    }

    public static string Render(EdgeLatencyResult r)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine("### Reception check latency (edge → pcscd → server)");
        text.AppendLine();
        text.AppendLine(c, $"{r.Checks} PIN-mode checks, one after another, with the virtual card in \"{r.Reader}\" (extended APDUs: {(r.Extended ? "yes" : "no")}) behind a real pcscd.");
        text.AppendLine("End to end: wait for the card, select JPKI, read the certificate, read the tries left, fetch a fresh challenge from the");
        text.AppendLine("server, verify the PIN (typed at once), sign, queue the three commands on disk (fsync), send card read + identity + lookup");
        text.AppendLine("(PostgreSQL, the eligibility simulator) and get the answer. Baseline: the card's part alone (same APDUs, no server, no queue).");
        text.AppendLine();
        text.AppendLine("| path | p50 ms | p90 ms | p99 ms | max ms |");
        text.AppendLine("| ---- | -----: | -----: | -----: | -----: |");
        foreach (var (name, samples) in new[] { ("end to end (card → server's answer)", r.EndToEnd), ("card only through pcscd (baseline)", r.CardOnly) })
            text.AppendLine(c, $"| {name} | {Percentiles.Of(samples, 50):F1} | {Percentiles.Of(samples, 90):F1} | {Percentiles.Of(samples, 99):F1} | {samples[^1]:F1} |");
        text.AppendLine();
        text.AppendLine(c, $"end to end / card only at p50: **{Percentiles.Of(r.EndToEnd, 50) / Percentiles.Of(r.CardOnly, 50):F2}**. Target: p99 ≤ 150 ms end to end: **{(Percentiles.Of(r.EndToEnd, 99) <= 150 ? "MET" : "NOT MET")}**.");
        return text.ToString();
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";

    private sealed class Silent : IReceptionDisplay
    {
        public void Show(string text)
        {
        }
    }

    private sealed class InstantPinPad : IPinPad
    {
        public Task<PinBuffer?> AskAsync(int triesLeft, CancellationToken cancellationToken) => Task.FromResult<PinBuffer?>(PinBuffer.FromDigits(Pin));
    }
}
