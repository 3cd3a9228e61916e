using MynaEvents.EligibilitySimulator.Faults;
using MynaEvents.EligibilitySimulator.Persons;
using MynaEvents.Server.EligibilityGateway;
using GatewayElderly = MynaEvents.Server.EligibilityGateway.ElderlyRecipient;
using SimulatedElderly = MynaEvents.EligibilitySimulator.Persons.ElderlyRecipient;

namespace MynaEvents.Server.Tests.EligibilityGateway;

/// <summary>What the gateway makes of each kind of answer from a real simulator.</summary>
public sealed class GatewayAnswerTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => simulator.ClearFaultsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_valid_qualification_is_found_with_every_field()
    {
        var person = SimulatorFixture.SamplePerson() with
        {
            ElderlyRecipient = new SimulatedElderly("020", new DateOnly(2024, 7, 1), new DateOnly(2029, 6, 14)),
            PersonalFamilyClassification = "2",
            InsuredBranchNumber = "03",
        };
        var serial = await simulator.AddPersonAsync(person);
        await using var harness = new GatewayHarness(simulator.BaseAddress);

        var answer = await harness.LookUpAsync(serial);

        var found = Assert.IsType<EligibilityAnswer.Found>(answer);
        Assert.Equal(new EligibilityResult(
            "01130012", "全国健康保険協会東京支部", "5012", "34567", "03", PersonalFamilyClassification.Dependant,
            "試験\u3000太郎", "シケン\u3000タロウ", new DateOnly(1980, 6, 15), new DateOnly(2010, 4, 1), null, "030",
            new GatewayElderly("020", new DateOnly(2024, 7, 1), new DateOnly(2029, 6, 14)),
            QualificationValidity.Valid), found.Result);
        Assert.Equal(2, found.Result.ToEligibility().PersonalFamily);
        Assert.Equal("020", found.Result.ToEligibility().ElderlyBurdenRatio);
        Assert.Equal("03", found.Result.ToPersonalData().InsuredBranchNumber);
    }

    [Fact]
    public async Task a_valid_but_unregistered_qualification_is_found_too()
    {
        var serial = await simulator.AddPersonAsync(SimulatorFixture.SamplePerson(QualificationValidities.ValidUnregistered));
        await using var harness = new GatewayHarness(simulator.BaseAddress);

        var found = Assert.IsType<EligibilityAnswer.Found>(await harness.LookUpAsync(serial));

        Assert.Equal(QualificationValidity.ValidUnregistered, found.Result.Validity);
    }

    [Fact]
    public async Task a_generated_person_is_found_through_the_gateway()
    {
        var serial = await simulator.AnySerialAsync();
        await using var harness = new GatewayHarness(simulator.BaseAddress);

        var found = Assert.IsType<EligibilityAnswer.Found>(await harness.LookUpAsync(serial));

        Assert.Matches("^([0-9]{8}|[0-9]{6})$", found.Result.InsurerNumber);
    }

    [Fact]
    public async Task an_unknown_certificate_is_not_found_which_is_an_outcome_not_a_failure()
    {
        await using var harness = new GatewayHarness(simulator.BaseAddress);

        var answer = await harness.LookUpAsync(SimulatorFixture.NewSerial());

        Assert.IsType<EligibilityAnswer.NotFound>(answer);
    }

    [Theory]
    [InlineData(QualificationValidities.Invalid, QualificationValidity.Invalid)]
    [InlineData(QualificationValidities.InvalidNewerQualificationExists, QualificationValidity.InvalidNewerQualificationExists)]
    [InlineData(QualificationValidities.MultipleMatches, QualificationValidity.MultipleMatches)]
    public async Task a_qualification_that_does_not_hold_is_invalid_with_its_code(string code, QualificationValidity expected)
    {
        var serial = await simulator.AddPersonAsync(SimulatorFixture.SamplePerson(code));
        await using var harness = new GatewayHarness(simulator.BaseAddress);

        var invalid = Assert.IsType<EligibilityAnswer.Invalid>(await harness.LookUpAsync(serial));

        Assert.Equal(expected, invalid.Validity);
    }

    [Theory]
    [InlineData("insurerNumber", "01130013")]              // wrong check digit
    [InlineData("insurerNumber", "131012")]                // 国民健康保険, wrong check digit
    [InlineData("insurerNumber", "0113001")]               // 7 digits
    [InlineData("insuredBranchNumber", "001")]
    [InlineData("insuredBranchNumber", null)]
    [InlineData("insuredPartialContributionRatio", "035")]
    [InlineData("personalFamilyClassification", "3")]
    [InlineData("nameKana", "しけん　たろう")]               // hiragana, not katakana
    [InlineData("qualificationValidity", "7")]
    public async Task a_non_conforming_answer_is_a_retryable_failure_naming_the_field_and_is_not_retried(string field, string? value)
    {
        var person = field switch
        {
            "insurerNumber" => SimulatorFixture.SamplePerson() with { InsurerNumber = value },
            "insuredBranchNumber" => SimulatorFixture.SamplePerson() with { InsuredBranchNumber = value },
            "insuredPartialContributionRatio" => SimulatorFixture.SamplePerson() with { InsuredPartialContributionRatio = value },
            "personalFamilyClassification" => SimulatorFixture.SamplePerson() with { PersonalFamilyClassification = value },
            "nameKana" => SimulatorFixture.SamplePerson() with { NameKana = value },
            _ => SimulatorFixture.SamplePerson(value!),
        };
        var serial = await simulator.AddPersonAsync(person);
        await using var harness = new GatewayHarness(simulator.BaseAddress);
        var before = await simulator.StatisticsAsync();

        var failed = Assert.IsType<EligibilityAnswer.Failed>(await harness.LookUpAsync(serial));

        Assert.True(failed.Retryable);
        Assert.StartsWith("malformed answer: " + field, failed.Reason, StringComparison.Ordinal);
        Assert.Equal(before.Lookups + 1, (await simulator.StatisticsAsync()).Lookups);
    }

    [Fact]
    public async Task every_kind_of_malformed_body_is_a_retryable_failure_without_an_exception()
    {
        var serial = await simulator.AddPersonAsync(SimulatorFixture.SamplePerson());
        await using var harness = new GatewayHarness(simulator.BaseAddress);
        await simulator.SetFaultsAsync(new FaultSettings(MalformedRate: 1));

        var answers = new List<EligibilityAnswer>();
        for (var i = 0; i < 6; i++) answers.Add(await harness.LookUpAsync(serial));

        Assert.All(answers, answer =>
        {
            var failed = Assert.IsType<EligibilityAnswer.Failed>(answer);
            Assert.True(failed.Retryable);
            Assert.StartsWith("malformed answer: ", failed.Reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task a_failure_reason_never_carries_the_persons_data()
    {
        var person = SimulatorFixture.SamplePerson() with { InsuredBranchNumber = "9999" };
        var serial = await simulator.AddPersonAsync(person);
        await using var harness = new GatewayHarness(simulator.BaseAddress);

        var failed = Assert.IsType<EligibilityAnswer.Failed>(await harness.LookUpAsync(serial));

        Assert.DoesNotContain("9999", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(person.InsuredIdentificationNumber!, failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(serial, failed.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task a_result_prints_without_personal_fields()
    {
        var serial = await simulator.AddPersonAsync(SimulatorFixture.SamplePerson());
        await using var harness = new GatewayHarness(simulator.BaseAddress);

        var found = Assert.IsType<EligibilityAnswer.Found>(await harness.LookUpAsync(serial));
        var text = found.ToString();

        Assert.Contains("01130012", text, StringComparison.Ordinal);
        Assert.DoesNotContain("試験", text, StringComparison.Ordinal);
        Assert.DoesNotContain("シケン", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1980", text, StringComparison.Ordinal);
        Assert.DoesNotContain("34567", text, StringComparison.Ordinal);
    }
}
