using System.Collections.Immutable;
using JasperFx.Events;
using Marten.Events.Aggregation;
using MynaEvents.Server.Storage;

namespace MynaEvents.Server.Features.Facilities.Commands;

/// <summary>What one command id wrote to a stream, read back when the same command id comes again.</summary>
public sealed record WrittenCommand(long FromVersion, long ToVersion, ImmutableList<object> Events, ImmutableList<string> EventTypes);

/// <summary>
/// A facility-feature stream as a command sees it (its write model): the domain's pure state, the stream's version
/// and what each command id wrote there. Marten folds it live for Wolverine's aggregate handler
/// workflow (<see cref="WriteModelProjection{TState,TEvent}"/>); it is never stored.
/// </summary>
public sealed record WriteModel<TState>(string Id, TState State, long Version, ImmutableDictionary<Guid, WrittenCommand> Written);

/// <summary>
/// Folds a stream into a <see cref="WriteModel{TState}"/>: the domain's events through its own
/// <c>Apply</c>, every event's command id (an event header) into what that command wrote.
/// </summary>
internal sealed class WriteModelProjection<TState, TEvent>(Func<string, TState> initial, Func<TState, TEvent, TState> apply)
    : SingleStreamProjection<WriteModel<TState>, string>
{
    public override WriteModel<TState> Evolve(WriteModel<TState>? snapshot, string id, IEvent e)
    {
        var stream = snapshot ?? new WriteModel<TState>(id, initial(e.TenantId), 0, ImmutableDictionary<Guid, WrittenCommand>.Empty);
        var state = e.Data is TEvent domainEvent ? apply(stream.State, domainEvent) : stream.State;
        var written = stream.Written;
        if (EventHeaders.Read(e).CommandId is { } commandId)
        {
            written = written.SetItem(commandId, written.TryGetValue(commandId, out var earlier)
                ? earlier with { ToVersion = e.Version, Events = earlier.Events.Add(e.Data), EventTypes = earlier.EventTypes.Add(e.EventTypeName) }
                : new WrittenCommand(e.Version - 1, e.Version, [e.Data], [e.EventTypeName]));
        }
        return stream with { State = state, Version = e.Version, Written = written };
    }
}
