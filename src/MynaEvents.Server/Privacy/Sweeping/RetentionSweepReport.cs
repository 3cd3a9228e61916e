namespace MynaEvents.Server.Privacy.Sweeping;

/// <summary>What one sweep pass did: counts only, never which checks or whose data.</summary>
/// <param name="Now">The instant the pass swept up to; every participant got the same one.</param>
/// <param name="KeysShredded">Data keys deleted (crypto-shredded) in this pass.</param>
/// <param name="Participants">Each retention participant's outcome, in registration order.</param>
public sealed record RetentionSweepReport(DateTimeOffset Now, int KeysShredded, IReadOnlyList<ParticipantSweep> Participants)
{
    /// <summary>True when every participant dropped its expired rows; the keys are shredded either way.</summary>
    public bool Complete => Participants.All(p => p.Failure is null);

    /// <summary>One line per fact, for the command line.</summary>
    public IEnumerable<string> Lines()
    {
        yield return $"swept up to {Now:o}";
        yield return $"keys shredded: {KeysShredded}";
        foreach (var participant in Participants)
            yield return participant.Failure is null
                ? $"{participant.Name}: {participant.RowsDropped} rows dropped"
                : $"{participant.Name}: FAILED ({participant.Failure})";
    }
}

/// <summary>
/// One participant's part of a pass. <paramref name="Failure"/> is the exception's type name
/// only: an exception message may quote a row, and this report is printed and logged.
/// </summary>
public sealed record ParticipantSweep(string Name, int RowsDropped, string? Failure = null);
