using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MynaEvents.EligibilitySimulator.Admin;
using MynaEvents.EligibilitySimulator.Lookups;
using MynaEvents.EligibilitySimulator.Persons;

namespace MynaEvents.EligibilitySimulator.Tests;

/// <summary>Each test gets a simulator of its own: faults are global to an instance.</summary>
public sealed class FaultTests : IAsyncLifetime
{
    private readonly RunningSimulator _simulator = new();
    private string _serial = "";

    public async Task InitializeAsync()
    {
        await _simulator.StartAsync();
        var persons = await _simulator.Client.GetFromJsonAsync<List<PersonSummary>>("/admin/persons");
        _serial = persons!.First(p => p.QualificationValidity == "1").CertificateSerial;
    }

    public Task DisposeAsync() => _simulator.DisposeAsync();

    [Fact]
    public async Task fail_next_answers_that_many_lookups_with_the_error_status_then_recovers()
    {
        await SetFaultsAsync(new { failNext = 2, errorStatus = 502 });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add((await _simulator.LookUpAsync(_serial)).StatusCode);

        Assert.Equal([HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task an_error_rate_of_one_answers_every_lookup_with_503_until_faults_are_cleared()
    {
        await SetFaultsAsync(new { errorRate = 1.0 });
        var during = await _simulator.LookUpAsync(_serial);
        await _simulator.Client.DeleteAsync("/admin/faults");
        var after = await _simulator.LookUpAsync(_serial);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task an_error_rate_hits_about_that_share_of_lookups()
    {
        await SetFaultsAsync(new { errorRate = 0.3 });

        var errors = 0;
        for (var i = 0; i < 200; i++)
            if ((await _simulator.LookUpAsync(_serial)).StatusCode == HttpStatusCode.ServiceUnavailable) errors++;

        Assert.InRange(errors, 35, 85);
    }

    [Fact]
    public async Task latency_delays_every_answer()
    {
        await SetFaultsAsync(new { latencyMs = 300 });

        var watch = Stopwatch.StartNew();
        var response = await _simulator.LookUpAsync(_serial);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 290, $"answered after {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task hang_keeps_the_client_waiting_until_it_gives_up()
    {
        await SetFaultsAsync(new { hang = true });
        using var impatient = new HttpClient { BaseAddress = _simulator.Client.BaseAddress, Timeout = TimeSpan.FromMilliseconds(500) };

        await Assert.ThrowsAsync<TaskCanceledException>(() => _simulator.LookUpAsync(_serial, impatient));

        var stats = await _simulator.Client.GetFromJsonAsync<LookupStatisticsSnapshot>("/admin/stats");
        Assert.Equal(1, stats!.Hangs);
    }

    [Fact]
    public async Task a_malformed_rate_of_one_never_answers_a_conforming_body_and_rotates_through_every_kind()
    {
        var healthy = await (await _simulator.LookUpAsync(_serial)).Content.ReadAsStringAsync();
        Assert.Null(NonConformance(healthy));
        await SetFaultsAsync(new { malformedRate = 1.0 });

        var problems = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var response = await _simulator.LookUpAsync(_serial);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var problem = NonConformance(await response.Content.ReadAsStringAsync());
            Assert.NotNull(problem);
            problems.Add(problem);
        }

        Assert.Equal(["not json", "not json", "missing fields", "check digit", "branch number", "ratio"], problems);
    }

    [Fact]
    public async Task the_current_faults_can_be_read_back_with_the_lookups_still_to_fail()
    {
        await SetFaultsAsync(new { failNext = 3, latencyMs = 5 });
        await _simulator.LookUpAsync(_serial);

        var faults = await _simulator.Client.GetFromJsonAsync<JsonElement>("/admin/faults");

        Assert.Equal(2, faults.GetProperty("failNext").GetInt32());
        Assert.Equal(5, faults.GetProperty("latencyMs").GetInt32());
    }

    [Theory]
    [InlineData("{\"errorRate\":1.5}", "errorRate")]
    [InlineData("{\"timeoutRate\":-0.1}", "timeoutRate")]
    [InlineData("{\"malformedRate\":2}", "malformedRate")]
    [InlineData("{\"latencyMs\":-1}", "latencyMs")]
    [InlineData("{\"errorStatus\":404}", "errorStatus")]
    [InlineData("{\"failNext\":-2}", "failNext")]
    public async Task fault_settings_out_of_range_are_refused_naming_the_field_and_change_nothing(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await _simulator.Client.PutAsync("/admin/faults", content);
        var lookup = await _simulator.LookUpAsync(_serial);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(field, json.RootElement.GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
    }

    [Fact]
    public async Task the_statistics_count_what_the_lookup_endpoint_received()
    {
        await SetFaultsAsync(new { failNext = 1 });
        await _simulator.LookUpAsync(_serial);
        await _simulator.LookUpAsync(_serial);
        await _simulator.LookUpAsync("ABCDEF0123456789ABCD");

        var stats = await _simulator.Client.GetFromJsonAsync<LookupStatisticsSnapshot>("/admin/stats");

        Assert.Equal(new LookupStatisticsSnapshot(Lookups: 3, Answered: 1, NotFound: 1, Errors: 1, Hangs: 0, Malformed: 0, Rejected: 0), stats);
    }

    private async Task SetFaultsAsync(object faults) =>
        (await _simulator.Client.PutAsJsonAsync("/admin/faults", faults)).EnsureSuccessStatusCode();

    /// <summary>What a strict client would refuse in a body; null when it conforms.</summary>
    private static string? NonConformance(string body)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return "not json";
        }
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (Text("insurerNumber") is not { } insurer || Text("insuredBranchNumber") is not { } branch || Text("name") is null) return "missing fields";
        if (!InsurerNumbers.IsValid(insurer)) return "check digit";
        if (branch.Length != 2) return "branch number";
        if (Text("insuredPartialContributionRatio") is not ("010" or "020" or "030")) return "ratio";
        return null;
    }
}
