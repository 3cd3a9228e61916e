namespace MynaEvents.Bench.Append;

/// <summary>
/// One writer of one stream: appends the next event at the version it expects. Each writer
/// owns its stream, so appends never conflict and every failure is a real error.
/// </summary>
internal interface IStreamWriter
{
    Task AppendNextAsync(CancellationToken cancellationToken);
}
