namespace MynaEvents.Domain.Decisions;

/// <summary>
/// Why a command was refused: the field at fault (named as the client sends it), a stable
/// rule code a program can branch on, and a message a person can act on. A refused command
/// writes nothing.
/// </summary>
public sealed record DomainRejection(string Field, string Rule, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
