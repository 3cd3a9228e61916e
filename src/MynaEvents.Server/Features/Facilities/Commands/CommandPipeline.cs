using MynaEvents.Domain.Decisions;
using MynaEvents.Server.Storage;

namespace MynaEvents.Server.Features.Facilities.Commands;

/// <summary>Who sends a command, and what they believe about its stream (null: whatever it holds).</summary>
internal sealed record CommandContext(string TenantId, Guid CommandId, long? ExpectedVersion, string? Actor);

internal enum CommandStatus
{
    /// <summary>Decided and appended now.</summary>
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
/// Runs a command against one stream: fold it, answer a repeated command id with what it wrote
/// the first time, decide, and append at the version decided on. Rules are checked first, so
/// a refused command writes nothing; a concurrent writer makes the store answer 409.
/// </summary>
internal sealed class CommandPipeline(EventStreams store)
{
    /// <summary>Folds a stream; events of other types (never written by this feature) are skipped.</summary>
    public async Task<(TState State, long Version)> FoldAsync<TState, TEvent>(string tenantId, string streamId,
        TState initial, Func<TState, TEvent, TState> apply, CancellationToken cancellationToken)
    {
        var (state, version, _) = await ReadAsync(tenantId, streamId, initial, apply, null, cancellationToken);
        return (state, version);
    }

    public async Task<CommandOutcome> RunAsync<TState, TEvent>(CommandContext context, string streamId, string streamType,
        TState initial, Func<TState, TEvent, TState> apply, Func<TState, Decision> decide, CancellationToken cancellationToken)
    {
        var (state, version, earlier) = await ReadAsync(context.TenantId, streamId, initial, apply, context.CommandId, cancellationToken);
        if (earlier.Count > 0) return Repeated(streamId, earlier);

        if (context.ExpectedVersion is { } expected && expected != version)
            throw new StreamVersionConflictException(context.TenantId, streamId, ExpectedVersion.Exactly(expected), version);

        var decision = decide(state);
        if (!decision.IsAccepted) return CommandOutcome.Refused(streamId, decision.Rejection);

        var result = await store.AppendAsync(context.TenantId, streamId, ExpectedVersion.Exactly(version), decision.Events,
            new AppendOptions { CommandId = context.CommandId, Actor = context.Actor,}, cancellationToken);
        if (result.Duplicate)
        {
            // The same command raced itself and the other send won: answer with what it wrote.
            var written = new List<RecordedEvent>();
            foreach (var e in await store.FetchAsync(context.TenantId, streamId, result.FromVersion + 1, StreamLimit.UpToVersion(result.ToVersion), cancellationToken))
                written.Add(e);
            return Repeated(streamId, written);
        }
        return new CommandOutcome(CommandStatus.Accepted, streamId, result.FromVersion, result.ToVersion, decision.Events,
            decision.Events.Select(e => store.Types.NameOf(e.GetType())).ToList(), null);
    }

    private async Task<(TState State, long Version, List<RecordedEvent> Earlier)> ReadAsync<TState, TEvent>(string tenantId, string streamId,
        TState initial, Func<TState, TEvent, TState> apply, Guid? commandId, CancellationToken cancellationToken)
    {
        var state = initial;
        long version = 0;
        var earlier = new List<RecordedEvent>();
        foreach (var recorded in await store.FetchAsync(tenantId, streamId, 1, null, cancellationToken))
        {
            if (recorded.Data is TEvent e) state = apply(state, e);
            version = recorded.Version;
            if (commandId is not null && recorded.Metadata.CommandId == commandId) earlier.Add(recorded);
        }
        return (state, version, earlier);
    }

    private static CommandOutcome Repeated(string streamId, List<RecordedEvent> written) =>
        new(CommandStatus.Repeated, streamId, written[0].Version - 1, written[^1].Version,
            written.Select(e => e.Data).ToList(), written.Select(e => e.EventType).ToList(), null);
}
