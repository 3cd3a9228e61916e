using System.Text.Json;
using MynaEvents.Domain.Colocation;
using MynaEvents.Domain.Devices;
using MynaEvents.Domain.Obligation;
using MynaEvents.Domain.Onboarding;
using MynaEvents.Domain.Tenancy;
using MynaEvents.Domain.Time;

namespace MynaEvents.Domain.Tests;

/// <summary>Stored payloads use the store's JSON options (web defaults): names must be stable words, not enum numbers.</summary>
public sealed class EventSerializationTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void kinds_reasons_and_methods_are_stored_by_their_stable_names()
    {
        var facility = JsonSerializer.Serialize(new FacilityRegistered("fac-1", "br-1", FacilityKind.Ahaki, Given.RegistrationNumber(), "n", "a"), Web);
        var device = JsonSerializer.Serialize(new DeviceRegistered("dev-1", DeviceKind.SmartphoneNfc, null), Web);
        var exemption = JsonSerializer.Serialize(new ExemptionDeclared(ExemptionReason.ClosureOrSuspension, new DateOnly(2025, 12, 2)), Web);
        var application = JsonSerializer.Serialize(Given.Submitted(), Web);

        Assert.Contains("\"kind\":\"ahaki\"", facility, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"smartphone_nfc\"", device, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"closure_or_suspension\",\"plannedDate\":\"2025-12-02\"", exemption, StringComparison.Ordinal);
        Assert.Contains("\"confirmationMethod\":\"registration_number_and_manager_birth_date\"", application, StringComparison.Ordinal);
    }

    [Fact]
    public void a_declaration_reads_back_as_it_was_written()
    {
        var declared = new ColocationDeclared("col-1", "br-1", "fac-j", "fac-a", "fac-a", ["dev-1", "dev-2"]);

        var read = JsonSerializer.Deserialize<ColocationDeclared>(JsonSerializer.Serialize(declared, Web), Web)!;

        Assert.Equal(declared.SharedDeviceIds, read.SharedDeviceIds);
        Assert.Equal(declared with { SharedDeviceIds = read.SharedDeviceIds }, read);
    }

    [Fact]
    public void today_in_japan_turns_at_midnight_jst_which_is_15_00_utc()
    {
        Assert.Equal(new DateOnly(2024, 12, 1), JapanTime.DateOf(new DateTimeOffset(2024, 12, 1, 14, 59, 59, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2024, 12, 2), JapanTime.DateOf(new DateTimeOffset(2024, 12, 1, 15, 0, 0, TimeSpan.Zero)));
    }
}
