using JasperFx.Events;
using Marten;
using MynaEvents.Domain.Decisions;
using MynaEvents.Server.Storage;

namespace MynaEvents.Server.Features.Facilities.Commands;

internal enum CommandStatus
{
    /// <summary>Decided now; its events are queued and commit with the command's row.</summary>
    Accepted,
    /// <summary>The command id was seen before on this stream: the first answer, nothing written.</summary>
    Repeated,
    /// <summary>A rule refused it: nothing written.</summary>
    Refused,
}

/// <summary>How a command ended, with the events it wrote (now, or the first time).</summary>
internal sealed record CommandOutcome(
    CommandStatus Status,
    string StreamId,
    long FromVersion,
    long ToVersion,
    IReadOnlyList<object> Events,
    IReadOnlyList<string> EventTypes,
    DomainRejection? Rejection)
{
    public static CommandOutcome Refused(string streamId, DomainRejection rejection) =>
        new(CommandStatus.Refused, streamId, 0, 0, [], [], rejection);

    public T? Find<T>() where T : class => Events.OfType<T>().FirstOrDefault();
}

/// <summary>
/// A command decided on the stream Wolverine's aggregate handler workflow loaded for it. Wolverine
/// loads the stream and commits the session (the appended events are checked against the version
/// loaded); this adds what the workflow does not know: a command id already on the stream gets what
/// it wrote the first time (never decided again), the client's <c>expectedVersion</c> is checked,
/// and the command's row in <c>myna.commands</c> is queued in the same unit of work as its events,
/// so that the id is refused for any other stream and the row commits with the events or not at all.
/// </summary>
internal static class CommandDecisions
{
    public static CommandOutcome Decide<TState>(this IEventStream<WriteModel<TState>> stream, IDocumentSession session,
        CommandContext command, TState initial, Func<TState, Decision> decide)
    {
        var loaded = stream.Aggregate;
        var streamId = stream.Key!;
        var version = loaded?.Version ?? 0;
        if (loaded is not null && loaded.Written.TryGetValue(command.CommandId, out var earlier))
            return new CommandOutcome(CommandStatus.Repeated, streamId, earlier.FromVersion, earlier.ToVersion, earlier.Events, earlier.EventTypes, null);

        if (command.ExpectedVersion is { } expected && expected != version)
            throw new StreamVersionConflictException(command.TenantId, streamId, ExpectedVersion.Exactly(expected), version);

        var decision = decide(loaded is null ? initial : loaded.State);
        if (!decision.IsAccepted) return CommandOutcome.Refused(streamId, decision.Rejection);

        EventHeaders.Write(session, new AppendOptions { CommandId = command.CommandId, Actor = command.Actor }, command.ReceivedAt);
        stream.AppendMany(decision.Events);
        var toVersion = version + decision.Events.Count;
        EventStreams.QueueCommandRow(session, command.TenantId, command.CommandId, streamId, version, toVersion);
        command.Writing = (streamId, version);
        return new CommandOutcome(CommandStatus.Accepted, streamId, version, toVersion, decision.Events,
            [.. stream.Events.Select(e => e.EventTypeName)], null);
    }
}
