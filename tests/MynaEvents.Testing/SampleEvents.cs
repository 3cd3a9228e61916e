namespace MynaEvents.Testing;

/// <summary>Neutral events for infrastructure tests; the domain's events live in the domain.</summary>
public sealed record SampleRecorded(string Note, int Amount);

public sealed record SampleCorrected(string Reason);
