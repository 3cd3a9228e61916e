using MynaEvents.EventStore;
using MynaEvents.EventStore.Projections;
using MynaEvents.EventStore.Serialization;

namespace MynaEvents.Testing;

/// <summary>Neutral events for infrastructure tests; the domain's events live in the domain.</summary>
public sealed record SampleRecorded(string Note, int Amount);

public sealed record SampleCorrected(string Reason);

public static class Samples
{
    public static EventTypeRegistry Types() => new EventTypeRegistry()
        .Register<SampleRecorded>("SampleRecorded")
        .Register<SampleCorrected>("SampleCorrected");

    public static SampleRecorded Recorded(int amount) => new($"note {amount}", amount);

    public static EventStore.EventStore Store(TestDatabase database, params IProjection[] inline)
    {
        var notifier = new AppendNotifier(database.DataSource);
        return new EventStore.EventStore(database.DataSource, Types(), new InlineProjections(inline), notifier, TimeProvider.System);
    }
}
