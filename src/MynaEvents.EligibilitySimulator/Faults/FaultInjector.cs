namespace MynaEvents.EligibilitySimulator.Faults;

/// <summary>What one lookup suffers. <see cref="MalformedKind"/> is set only for <see cref="FaultKind.Malformed"/>.</summary>
internal readonly record struct FaultDecision(TimeSpan Latency, FaultKind Kind, int ErrorStatus = 0, MalformedKind MalformedKind = default);

internal enum FaultKind { None, Error, Hang, Malformed }

/// <summary>The ways a body can be malformed; each is one a careless upstream or proxy really produces.</summary>
internal enum MalformedKind { NotJson, Truncated, MissingFields, WrongCheckDigit, LongBranchNumber, UnknownRatio }

/// <summary>
/// Decides, per lookup, which fault (if any) to inject. Draws come from a generator seeded like
/// the data set, and malformed bodies rotate through every kind, so a test run can be repeated.
/// </summary>
internal sealed class FaultInjector(int seed)
{
    private readonly Lock _gate = new();
    private readonly Random _random = new(seed);
    private FaultSettings _settings = FaultSettings.None;
    private int _failNextLeft;
    private int _malformedTurn;

    public FaultSettings Current
    {
        get { lock (_gate) return _settings with { FailNext = _failNextLeft }; }
    }

    public void Set(FaultSettings settings)
    {
        lock (_gate)
        {
            _settings = settings;
            _failNextLeft = settings.FailNext;
        }
    }

    public void Clear() => Set(FaultSettings.None);

    public FaultDecision Decide()
    {
        lock (_gate)
        {
            var s = _settings;
            var latency = TimeSpan.FromMilliseconds(s.LatencyMs);
            if (_failNextLeft > 0)
            {
                _failNextLeft--;
                return new(latency, FaultKind.Error, s.ErrorStatus);
            }
            if (s.Hang || Draw(s.TimeoutRate)) return new(latency, FaultKind.Hang);
            if (Draw(s.ErrorRate)) return new(latency, FaultKind.Error, s.ErrorStatus);
            if (Draw(s.MalformedRate))
            {
                var kinds = Enum.GetValues<MalformedKind>();
                return new(latency, FaultKind.Malformed, MalformedKind: kinds[_malformedTurn++ % kinds.Length]);
            }
            return new(latency, FaultKind.None);
        }
    }

    // A rate of 0 or 1 never consumes a draw, so switching one fault on does not shift the others' sequence.
    private bool Draw(double rate) => rate switch
    {
        <= 0 => false,
        >= 1 => true,
        _ => _random.NextDouble() < rate,
    };
}
