using System.Collections.Immutable;
using JasperFx.Events;
using Marten.Events.Aggregation;
using MynaEvents.Server.Storage;

namespace MynaEvents.Server.Features.Verification;

/// <summary>
/// A reception check's stream as its commands see it: every event with its metadata (a resend is
/// found among them by its command id, and answered with the check as it stood right after it)
/// and the check folded from them. Marten folds it live for Wolverine's aggregate handler
/// workflow (<see cref="CheckWriteModelProjection"/>); it is never stored.
/// </summary>
public sealed class CheckWriteModel
{
    public string Id { get; set; } = "";

    internal ImmutableList<RecordedEvent> Events { get; init; } = [];

    internal VerificationReadModel Model { get; init; } = new();

    /// <summary>The events and the check, as the command's decision and a resend's answer read them.</summary>
    internal static LoadedCheck Loaded(CheckWriteModel? stream) =>
        stream is null ? new LoadedCheck([], new VerificationReadModel()) : new LoadedCheck(stream.Events, stream.Model);
}

/// <summary>Folds a check's events into a <see cref="CheckWriteModel"/>.</summary>
internal sealed class CheckWriteModelProjection : SingleStreamProjection<CheckWriteModel, string>
{
    public override CheckWriteModel Evolve(CheckWriteModel? snapshot, string id, IEvent e)
    {
        var recorded = EventStreams.Recorded(e);
        var stream = snapshot ?? new CheckWriteModel { Id = id };
        return new CheckWriteModel { Id = id, Events = stream.Events.Add(recorded), Model = stream.Model.Apply(recorded) };
    }
}
