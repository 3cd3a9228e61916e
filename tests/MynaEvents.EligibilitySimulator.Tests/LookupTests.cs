using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MynaEvents.EligibilitySimulator.Admin;
using MynaEvents.EligibilitySimulator.Persons;

namespace MynaEvents.EligibilitySimulator.Tests;

public sealed class LookupTests(RunningSimulator simulator) : IClassFixture<RunningSimulator>
{
    [Fact]
    public async Task a_known_serial_answers_that_persons_eligibility()
    {
        var serial = await AnySerialAsync("1");
        var stored = await simulator.Client.GetFromJsonAsync<SimulatedPerson>($"/admin/persons/{serial}");

        var response = await simulator.LookUpAsync(serial);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<SimulatedPerson>();
        Assert.Equal(stored, answer);
        Assert.Equal("1", answer!.QualificationValidity);
        Assert.True(InsurerNumbers.IsValid(answer.InsurerNumber));
    }

    [Fact]
    public async Task serials_match_without_regard_to_case()
    {
        var serial = await AnySerialAsync("1");

        var lower = await (await simulator.LookUpAsync(serial.ToLowerInvariant())).Content.ReadFromJsonAsync<SimulatedPerson>();

        Assert.Equal("1", lower!.QualificationValidity);
        Assert.NotNull(lower.InsurerNumber);
    }

    [Fact]
    public async Task an_unknown_serial_answers_200_with_validity_4_and_no_fields()
    {
        var response = await simulator.LookUpAsync("FFFFFFFFFFFFFFFF0000");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("4", json.RootElement.GetProperty("qualificationValidity").GetString());
        Assert.All(json.RootElement.EnumerateObject().Where(p => p.Name != "qualificationValidity"),
            p => Assert.Equal(JsonValueKind.Null, p.Value.ValueKind));
    }

    [Theory]
    [InlineData("{\"certificateSerial\":\"not-hex\",\"certificateIssuer\":\"CA\",\"treatedOn\":\"2025-05-12\"}", "certificateSerial")]
    [InlineData("{\"certificateSerial\":\"0A1B\",\"treatedOn\":\"2025-05-12\"}", "certificateIssuer")]
    [InlineData("{\"certificateSerial\":\"0A1B\",\"certificateIssuer\":\"CA\"}", "treatedOn")]
    public async Task an_incomplete_lookup_is_refused_with_problem_json_naming_the_field(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await simulator.Client.PostAsync("/eligibility/lookups", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(field, json.RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task a_person_put_by_a_test_is_answered_and_can_be_replaced()
    {
        const string serial = "00C0FFEE00000001";
        var person = new SimulatedPerson("06139992", "テスト健康保険組合", "123", "4567", "01", "2", "試験\u3000花子", "シケン\u3000ハナコ",
            new DateOnly(1990, 1, 2), new DateOnly(2015, 4, 1), null, "030", null, "1");

        var created = await simulator.Client.PutAsJsonAsync($"/admin/persons/{serial}", person);
        var first = await (await simulator.LookUpAsync(serial)).Content.ReadFromJsonAsync<SimulatedPerson>();
        var replaced = await simulator.Client.PutAsJsonAsync($"/admin/persons/{serial}", person with { QualificationValidity = "2", DisqualificationDate = new DateOnly(2025, 3, 31) });
        var second = await (await simulator.LookUpAsync(serial)).Content.ReadFromJsonAsync<SimulatedPerson>();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(person, first);
        Assert.Equal(HttpStatusCode.NoContent, replaced.StatusCode);
        Assert.Equal("2", second!.QualificationValidity);
        Assert.Equal(new DateOnly(2025, 3, 31), second.DisqualificationDate);
    }

    [Fact]
    public async Task a_removed_person_is_no_longer_found()
    {
        const string serial = "00C0FFEE00000002";
        await simulator.Client.PutAsJsonAsync($"/admin/persons/{serial}", SimulatedPerson.NoQualification with { QualificationValidity = "1", InsurerNumber = "01130012" });

        var deleted = await simulator.Client.DeleteAsync($"/admin/persons/{serial}");
        var answer = await (await simulator.LookUpAsync(serial)).Content.ReadFromJsonAsync<SimulatedPerson>();

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal("4", answer!.QualificationValidity);
    }

    [Fact]
    public async Task the_person_list_names_serials_and_validity_only()
    {
        var text = await simulator.Client.GetStringAsync("/admin/persons");
        using var json = JsonDocument.Parse(text);

        Assert.True(json.RootElement.GetArrayLength() >= 200);
        var first = json.RootElement[0];
        Assert.Equal(["certificateSerial", "qualificationValidity"], first.EnumerateObject().Select(p => p.Name).ToArray());
    }

    private async Task<string> AnySerialAsync(string validity)
    {
        var persons = await simulator.Client.GetFromJsonAsync<List<PersonSummary>>("/admin/persons");
        return persons!.First(p => p.QualificationValidity == validity).CertificateSerial;
    }
}

public sealed class ConfigurationTests
{
    [Fact]
    public async Task seed_and_size_of_the_data_set_come_from_configuration()
    {
        await using var a = new RunningSimulator();
        await a.StartAsync("--MYNA_SIMULATOR_SEED", "42", "--MYNA_SIMULATOR_PERSONS", "5");
        await using var b = new RunningSimulator();
        await b.StartAsync("--MYNA_SIMULATOR_SEED", "42", "--MYNA_SIMULATOR_PERSONS", "5");

        var first = await a.Client.GetFromJsonAsync<List<PersonSummary>>("/admin/persons");
        var second = await b.Client.GetFromJsonAsync<List<PersonSummary>>("/admin/persons");

        Assert.Equal(5, first!.Count);
        Assert.Equal(first, second);
        Assert.Equal(PersonGenerator.Generate(42, 5).Keys.Order(StringComparer.Ordinal), first.Select(p => p.CertificateSerial));
    }

    [Fact]
    public void an_unusable_seed_stops_the_simulator_with_a_message_naming_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SimulatorApp.Build(["--MYNA_SIMULATOR_SEED", "twelve"]));
        Assert.Contains("MYNA_SIMULATOR_SEED", error.Message, StringComparison.Ordinal);
    }
}
