using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.EligibilitySimulator;
using MynaEvents.EligibilitySimulator.Admin;
using MynaEvents.EligibilitySimulator.Faults;
using MynaEvents.EligibilitySimulator.Lookups;
using MynaEvents.EligibilitySimulator.Persons;

namespace MynaEvents.Server.Tests.EligibilityGateway;

/// <summary>
/// The eligibility simulator on real Kestrel, on a free loopback port, inside the test process.
/// Point a server at it with <c>MYNA_ELIGIBILITY_URL = BaseAddress</c>. Faults and added persons
/// are global to one instance: tests that change faults should not share an instance with tests
/// running at the same time (xunit runs one class's tests one after another).
/// </summary>
public sealed class SimulatorFixture : IAsyncLifetime, IAsyncDisposable
{
    private WebApplication? _app;
    private HttpClient? _admin;

    /// <summary>Base URL of the simulator, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A client for the simulator's own endpoints (lookups and /admin).</summary>
    public HttpClient Client => _admin ?? throw new InvalidOperationException("The simulator has not been started.");

    /// <summary>Seed of the generated data set; the same seed gives the same persons.</summary>
    public int Seed { get; init; } = 20241202;

    public async Task InitializeAsync()
    {
        _app = SimulatorApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--" + SimulatorOptions.SeedVariable, Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Test output stays readable; warnings and errors still show.
            "--Logging:LogLevel:Default", "Warning",
        ]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        _admin = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _admin?.Dispose();
        _admin = null;
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    /// <summary>A fresh certificate serial (32 hex digits) that no generated person has.</summary>
    public static string NewSerial() => Guid.NewGuid().ToString("N").ToUpperInvariant();

    /// <summary>A conforming, validly insured person (本人, 3割); change fields with <c>with</c>.</summary>
    public static SimulatedPerson SamplePerson(string validity = QualificationValidities.Valid) => new(
        InsurerNumber: "01130012",
        InsurerName: "全国健康保険協会東京支部",
        InsuredCardSymbol: "5012",
        InsuredIdentificationNumber: "34567",
        InsuredBranchNumber: "00",
        PersonalFamilyClassification: "1",
        Name: "試験\u3000太郎",
        NameKana: "シケン\u3000タロウ",
        BirthDate: new DateOnly(1980, 6, 15),
        QualificationDate: new DateOnly(2010, 4, 1),
        DisqualificationDate: validity is QualificationValidities.Invalid or QualificationValidities.InvalidNewerQualificationExists ? new DateOnly(2025, 3, 31) : null,
        InsuredPartialContributionRatio: "030",
        ElderlyRecipient: null,
        QualificationValidity: validity);

    /// <summary>Adds (or replaces) a person under <paramref name="serial"/>, or a new serial; answers the serial.</summary>
    public async Task<string> AddPersonAsync(SimulatedPerson person, string? serial = null)
    {
        serial ??= NewSerial();
        _added[serial.ToUpperInvariant()] = true;
        (await Client.PutAsJsonAsync($"admin/persons/{serial}", person)).EnsureSuccessStatusCode();
        return serial;
    }

    // Serials tests added (some with deliberately malformed data): never taken for a generated person.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _added = new(StringComparer.Ordinal);

    /// <summary>A generated person's serial with the given validity (never one a test added).</summary>
    public async Task<string> AnySerialAsync(string validity = QualificationValidities.Valid)
    {
        var persons = await Client.GetFromJsonAsync<List<PersonSummary>>("admin/persons");
        return persons!.First(p => p.QualificationValidity == validity && !_added.ContainsKey(p.CertificateSerial.ToUpperInvariant())).CertificateSerial;
    }

    /// <summary>Replaces the faults (see the simulator's README for what each one does).</summary>
    public async Task SetFaultsAsync(FaultSettings faults) =>
        (await Client.PutAsJsonAsync("admin/faults", faults)).EnsureSuccessStatusCode();

    public async Task ClearFaultsAsync() => (await Client.DeleteAsync(new Uri("admin/faults", UriKind.Relative))).EnsureSuccessStatusCode();

    /// <summary>What the lookup endpoint has received so far: compare before and after to count attempts.</summary>
    public async Task<LookupStatisticsSnapshot> StatisticsAsync() =>
        (await Client.GetFromJsonAsync<LookupStatisticsSnapshot>("admin/stats"))!;
}
