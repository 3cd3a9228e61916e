namespace MynaEvents.EligibilitySimulator;

/// <summary>The simulator's settings, from configuration (environment variables or --KEY value arguments).</summary>
public sealed record SimulatorOptions
{
    public const string SeedVariable = "MYNA_SIMULATOR_SEED";
    public const string PersonsVariable = "MYNA_SIMULATOR_PERSONS";

    /// <summary>Seeds the generated data set and the random faults: the same seed gives the same persons.</summary>
    public int Seed { get; init; } = 20241202;

    /// <summary>How many synthetic insured persons are generated at start.</summary>
    public int Persons { get; init; } = 200;

    public static SimulatorOptions From(IConfiguration configuration)
    {
        var options = new SimulatorOptions();
        var seed = configuration[SeedVariable];
        if (!string.IsNullOrWhiteSpace(seed))
        {
            options = int.TryParse(seed, out var value)
                ? options with { Seed = value }
                : throw new InvalidOperationException($"{SeedVariable} must be a whole number, not '{seed}'.");
        }
        var persons = configuration[PersonsVariable];
        if (!string.IsNullOrWhiteSpace(persons))
        {
            options = int.TryParse(persons, out var value) && value is >= 0 and <= 100_000
                ? options with { Persons = value }
                : throw new InvalidOperationException($"{PersonsVariable} must be a whole number from 0 to 100000, not '{persons}'.");
        }
        return options;
    }
}
