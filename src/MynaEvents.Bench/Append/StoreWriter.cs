using MynaEvents.Server.Storage;

namespace MynaEvents.Bench.Append;

/// <summary>How a Marten writer appends: what a command does, or less.</summary>
internal enum StoreAppend
{
    /// <summary>No expected version, no command id: Marten's Quick append (one function call).</summary>
    Any,

    /// <summary>An exact expected version, no command id.</summary>
    Exactly,

    /// <summary>An exact expected version and a fresh command id: what a command does.</summary>
    ExactlyWithCommand,
}

/// <summary>Appends through the server's EventStreams on Marten.</summary>
internal sealed class StoreWriter(EventStreams streams, string streamId, int writer, StoreAppend mode) : IStreamWriter
{
    private long _version;

    public async Task AppendNextAsync(CancellationToken cancellationToken)
    {
        // A random (v4) id, as an edge node would mint it: its inserts land all over the commands index.
        var options = mode == StoreAppend.ExactlyWithCommand ? new AppendOptions { CommandId = Guid.NewGuid() } : null;
        var expected = mode == StoreAppend.Any ? ExpectedVersion.Any : ExpectedVersion.Exactly(_version);
        var result = await streams.AppendAsync(BenchEvents.Tenant, streamId, expected,
            BenchEvents.Create(writer, _version + 1), options, cancellationToken);
        // Quick append without a version reports no versions back: this writer owns its stream, so it counts.
        _version = mode == StoreAppend.Any ? _version + 1 : result.ToVersion;
    }
}
