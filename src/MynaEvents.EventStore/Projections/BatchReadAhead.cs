using MynaEvents.EventStore.Reading;
using MynaEvents.EventStore.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.EventStore.Projections;

/// <summary>
/// While a catching-up leader applies a full batch, the next batch's events are read on a
/// second connection, so reading and applying overlap. Only the events are read ahead: the
/// checkpoint is still read in the batch's own transaction, and read-ahead events are used only
/// when they start exactly where the checkpoint stands. Reading early is safe: the read stops
/// below the oldest running transaction as of its own snapshot, like any read.
/// </summary>
internal sealed class BatchReadAhead(NpgsqlDataSource sessions, string readEventsSql, EventTypeRegistry types, int batchSize) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;
    private Task<List<RecordedEvent>>? _pending;
    private Position _from;

    /// <summary>Starts reading the batch after <paramref name="from"/>.</summary>
    public void Start(Position from, CancellationToken cancellationToken)
    {
        _from = from;
        _pending = ReadAsync(from, cancellationToken);
    }

    /// <summary>The events read ahead from <paramref name="from"/>, or null when none were (or from elsewhere).</summary>
    public async Task<List<RecordedEvent>?> TakeAsync(Position from)
    {
        if (_pending is not { } pending) return null;
        _pending = null;
        var events = await pending;
        return _from == from ? events : null;
    }

    private async Task<List<RecordedEvent>> ReadAsync(Position from, CancellationToken cancellationToken)
    {
        await Task.Yield(); // the caller goes on to apply the current batch at once
        _connection ??= await sessions.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(readEventsSql, _connection);
        command.Parameters.Add(new NpgsqlParameter<ulong> { NpgsqlDbType = NpgsqlDbType.Xid8, TypedValue = from.TransactionId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = from.Sequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = batchSize });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<RecordedEvent>();
        while (await reader.ReadAsync(cancellationToken)) events.Add(EventRowReader.Read(reader, types));
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        if (_pending is { } pending)
        {
            _pending = null;
#pragma warning disable CA1031 // a read ahead nobody will use: its failure (often the cancellation that ended leadership) does not matter
            try { await pending; } catch (Exception) { }
#pragma warning restore CA1031
        }
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
