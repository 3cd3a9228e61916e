using System.Diagnostics.CodeAnalysis;

namespace MynaEvents.Domain.Decisions;

/// <summary>
/// What a decider answers to a command: the events to append, or the one rejection that
/// explains why nothing is appended. Deciders are pure: state and command (and, where a rule
/// needs it, today's date) in, decision out.
/// </summary>
public sealed class Decision
{
    private Decision(IReadOnlyList<object> events, DomainRejection? rejection)
    {
        Events = events;
        Rejection = rejection;
    }

    public IReadOnlyList<object> Events { get; }

    public DomainRejection? Rejection { get; }

    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsAccepted => Rejection is null;

    public static Decision Accept(params object[] events) =>
        events.Length == 0
            ? throw new ArgumentException("An accepted command produces at least one event.", nameof(events))
            : new Decision(events, null);

    public static Decision Reject(DomainRejection rejection) => new([], rejection);

    public static Decision Reject(string field, string rule, string message) => Reject(new DomainRejection(field, rule, message));

    public override string ToString() =>
        IsAccepted ? $"accepted: {string.Join(", ", Events.Select(e => e.GetType().Name))}" : $"rejected: {Rejection}";
}
