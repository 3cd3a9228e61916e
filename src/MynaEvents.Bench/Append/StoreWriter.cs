using MynaEvents.EventStore.Appending;
using Store = MynaEvents.EventStore.EventStore;

namespace MynaEvents.Bench.Append;

/// <summary>Appends through the store, optionally with a fresh command id per append (idempotency on, as edge nodes send).</summary>
internal sealed class StoreWriter(Store store, string streamId, int writer, bool withCommandId) : IStreamWriter
{
    private long _version;

    public async Task AppendNextAsync(CancellationToken cancellationToken)
    {
        // A random (v4) id, as an edge node would mint it: its inserts land all over the commands index.
        var options = withCommandId ? new AppendOptions { CommandId = Guid.NewGuid() } : null;
        var result = await store.AppendAsync(BenchEvents.Tenant, streamId, ExpectedVersion.Exactly(_version),
            BenchEvents.Create(writer, _version + 1), options, cancellationToken);
        _version = result.ToVersion;
    }
}
