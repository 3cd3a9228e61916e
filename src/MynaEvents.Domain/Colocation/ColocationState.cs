using System.Collections.Immutable;

namespace MynaEvents.Domain.Colocation;

/// <summary>
/// A branch's co-location declarations, folded from its stream. A branch holds at most one
/// facility of each kind, so it has at most one possible pair: keeping the pair's declarations
/// in one stream lets "at most one active declaration per facility" be checked atomically.
/// </summary>
public sealed record ColocationState(ImmutableList<ColocationDeclared> Declarations, ColocationDeclared? Active)
{
    public static ColocationState Initial { get; } = new([], null);

    public ColocationState Apply(IColocationEvent @event) => @event switch
    {
        ColocationDeclared declared => new ColocationState(Declarations.Add(declared), declared),
        ColocationWithdrawn withdrawn when Active?.ColocationId == withdrawn.ColocationId => this with { Active = null },
        ColocationWithdrawn => this,
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Not an event of a co-location stream."),
    };

    public static ColocationState Fold(IEnumerable<IColocationEvent> events) => events.Aggregate(Initial, (state, e) => state.Apply(e));

    public ColocationDeclared? Find(string colocationId) => Declarations.Find(d => d.ColocationId == colocationId);

    /// <summary>The active declaration in which <paramref name="facilityId"/> is the secondary (従たる施術所), if any.</summary>
    public ColocationDeclared? ActiveWithSecondary(string facilityId) =>
        Active is { } active && active.SecondaryFacilityId == facilityId ? active : null;
}
