using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Npgsql;

namespace MynaEvents.Server.Storage.Projections;

/// <summary>
/// Runs an <see cref="IViewProjection"/> as a Marten projection. Marten hands over the batch;
/// the view's SQL runs as a transaction participant, after Marten's own statements and before
/// its commit — the same commit that moves the projection's progress (async) or appends the
/// events (inline). So each event takes effect exactly once, and a failure changes nothing.
/// </summary>
internal sealed class ViewProjection(IViewProjection view) : IProjection
{
    public IViewProjection View => view;

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var recorded = new List<RecordedEvent>(events.Count);
        foreach (var e in events)
            if (view.Concerns(e.EventTypeName)) recorded.Add(EventStreams.Recorded(e));
        if (recorded.Count == 0) return Task.CompletedTask;

        var participant = new Participant(view, recorded);
        if (operations is not ITransactionParticipantRegistrar transaction)
            throw new InvalidOperationException($"Projection '{view.Name}' cannot join the transaction of a {operations.GetType().Name}.");
        transaction.AddTransactionParticipant(participant);
        return Task.CompletedTask;
    }

    private sealed class Participant(IViewProjection view, IReadOnlyList<RecordedEvent> events) : ITransactionParticipant
    {
        public Task BeforeCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken token) =>
            view.ApplyAsync(events, new ProjectionContext(connection, transaction), token);
    }
}
