namespace MynaEvents.Domain.Verification;

/// <summary>A command the rules refuse: which field, and which rule. Nothing is written.</summary>
public sealed record VerificationRejection(string Field, string Rule)
{
    public override string ToString() => $"{Field}: {Rule}";
}

/// <summary>Either the events a command produces, or why it was refused.</summary>
public sealed record VerificationDecision(IReadOnlyList<object> Events, VerificationRejection? Rejection)
{
    public static VerificationDecision Accept(params object[] events) => new(events, null);

    public static VerificationDecision Reject(string field, string rule) => new([], new VerificationRejection(field, rule));

    public bool Accepted => Rejection is null;
}
