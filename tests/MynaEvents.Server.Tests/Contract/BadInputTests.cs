using System.Net;
using System.Net.Http.Json;
using System.Text;
using MynaEvents.Domain.Verification;
using MynaEvents.Server.Tests.Facilities;
using MynaEvents.Server.Tests.Security;
using static MynaEvents.Server.Tests.HttpJson;
using MynaEvents.Testing;

namespace MynaEvents.Server.Tests.Contract;

/// <summary>Input the parser could take the wrong way is refused by name, before any rule or view sees it.</summary>
public sealed class BadInputTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    /// <summary>A 12-digit value with a valid 個人番号 check digit (not anyone's number: its first digits are made up).</summary>
    private static readonly string IndividualNumber = WithCheckDigit("81234567890");

    private static string WithCheckDigit(string eleven) =>
        eleven + IndividualNumberGuard.CheckDigit(eleven.Select(c => c - '0').ToArray());

    [Theory]
    [InlineData("kind", 7)]
    [InlineData("kind", "7")]
    [InlineData("kind", "Judo")]
    public async Task an_enum_accepts_only_its_documented_names(string field, object value)
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var branch = await api.BranchAsync();

        var response = await Refused.NothingWrittenAsync(api, () => api.PostAsync("/facilities", new
        {
            commandId = Guid.NewGuid(), branchId = branch, kind = value, registrationNumber = SampleNumber(), name = "整骨院", address = "東京都",
        }), 400, field);

        Assert.Contains("wrong type or format", response.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task every_enum_of_a_command_refuses_a_number()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var facility = await api.FacilityAsync(await api.BranchAsync(), "ahaki");

        await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/facilities/{facility}/devices",
            new { commandId = Guid.NewGuid(), kind = 2, readerSupportsExtendedApdu = true }), 400, "kind");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/facilities/{facility}/exemptions",
            new { commandId = Guid.NewGuid(), reason = 1 }), 400, "reason");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/facilities/{facility}/usage-applications",
            new { commandId = Guid.NewGuid(), confirmationMethod = 0, staffCount = 2, requestedDeviceCount = 1 }), 400, "confirmationMethod");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/facilities/{facility}/usage-applications",
            new { commandId = Guid.NewGuid(), confirmationMethod = "approval_notice", approvalNoticeReference = "N-1", staffCount = "2", requestedDeviceCount = 1 }),
            400, "staffCount");
    }

    [Fact]
    public async Task a_null_event_in_an_append_is_refused_naming_it()
    {
        using var admin = server.AdminClient();

        var response = await admin.AppendAsync("bad-input", "s-null", new { commandId = Guid.NewGuid(), events = new object?[] { null } });

        AssertProblem(response, 400);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("events[0]", out _));
        Assert.Equal(0L, await server.Database.ScalarAsync<long>("select count(*) from myna_events.mt_events where type <> 'tombstone' and stream_id = 's-null'"));
    }

    [Fact]
    public async Task an_appended_event_missing_a_member_is_refused_and_one_the_directory_cannot_take_is_422()
    {
        using var admin = server.AdminClient();
        await admin.EnsureFacilityAsync("bad-input", "fac-raw");

        var missing = await admin.AppendAsync("bad-input", "group", new { commandId = Guid.NewGuid(), events = new[] { new { type = "GroupCreated", data = new { } } } });
        var duplicate = await admin.AppendAsync("bad-input", "group", new
        {
            commandId = Guid.NewGuid(),
            events = new[] { new { type = "FacilityRegistered", data = new { facilityId = "fac-raw", branchId = "br-fac-raw", kind = "ahaki", registrationNumber = SampleNumber(), name = "重複", address = "東京都" } } },
        });

        AssertProblem(missing, 400);
        Assert.True((await missing.JsonAsync()).GetProperty("errors").TryGetProperty("events[0].data", out _));
        AssertProblem(duplicate, 422);
        Assert.Equal("events", (await duplicate.JsonAsync()).GetProperty("field").GetString());
        Assert.Equal(0L, await server.Database.ScalarAsync<long>("select count(*) from myna_events.mt_events where type <> 'tombstone' and tenant_id = 'bad-input' and data::text like '%重複%'"));
    }

    [Fact]
    public async Task an_individual_number_is_refused_in_every_free_text_field_and_stored_nowhere()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        var branch = await api.BranchAsync();
        var (facility, device) = await api.EquippedAsync(branch, "judo");
        var spaced = $"{IndividualNumber[..4]} {IndividualNumber[4..8]} {IndividualNumber[8..]}";

        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/branches", new { commandId = Guid.NewGuid(), name = IndividualNumber, address = "東京都" }), 422, "name");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync("/facilities", new
        {
            commandId = Guid.NewGuid(), branchId = branch, kind = "ahaki", registrationNumber = SampleNumber(), name = "院", address = spaced,
        }), 422, "address");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/facilities/{facility}/devices",
            new { commandId = Guid.NewGuid(), kind = "pc_usb_reader", readerSupportsExtendedApdu = true, label = spaced }), 422, "label");
        await Refused.NothingWrittenAsync(api, () => api.PostAsync($"/facilities/{facility}/devices/{device}/retirement",
            new { commandId = Guid.NewGuid(), reason = "番号 " + IndividualNumber }), 422, "reason");
        var person = await api.PostAsync("/people", new { commandId = Guid.NewGuid(), displayName = IndividualNumber, role = "auditor" });
        await Refused.AssertAsync(person, 422, "displayName", "individual_number");

        // Events by their payloads: the rest of an event row (ids, timestamps) is random digits that may hold any four.
        Assert.Equal(0L, await server.Database.ScalarAsync<long>($"select count(*) from myna_events.mt_events where data::text like '%{IndividualNumber[8..]}%'"));
        foreach (var table in new[] { "myna.security_people", "myna.facility_directory", "myna.facility_devices" })
            Assert.Equal(0L, await server.Database.ScalarAsync<long>($"select count(*) from {table} t where t::text like '%{IndividualNumber[8..]}%'"));
    }

    [Fact]
    public async Task an_id_the_server_minted_is_accepted_back_even_when_its_hex_digits_line_up_as_an_individual_number()
    {
        var api = await FacilitiesApi.NewGroupAsync(server);
        // A branch id is "br-" and its command id's hex digits; this one starts with twelve
        // digits that carry a valid 個人番号 check digit.
        var random = Guid.NewGuid().ToString("N");
        var commandId = Guid.Parse($"{IndividualNumber[..8]}-{IndividualNumber[8..]}-abcd-{random[..4]}-{random[4..16]}");
        var branch = FacilitiesApi.Id(await api.AcceptedAsync("/branches", new { commandId, name = "Shinjuku", address = "東京都" }));
        Assert.Contains(IndividualNumber + "abcd", branch, StringComparison.Ordinal);

        var facility = await api.PostAsync("/facilities", Bodies.Facility(branch, "judo"));

        Assert.Equal(HttpStatusCode.Created, facility.StatusCode);
    }

    private static string SampleNumber() => MynaEvents.Testing.SampleRegistrationNumbers.Next();
}
