using MynaEvents.Edge.Jpki;

namespace MynaEvents.Edge.Tests.Jpki;

/// <summary>
/// Replays scripted card answers and records the commands, to test APDU building and
/// status-word parsing. The flow itself is tested through pcscd and the virtual card.
/// </summary>
internal sealed class ScriptedChannel : IApduChannel
{
    private readonly Queue<Func<byte[]>> _answers = new();

    public List<byte[]> Sent { get; } = [];

    /// <summary>Answers in order, as hex ("90 00", "30 82 05 FC 90 00").</summary>
    public ScriptedChannel Then(string hex)
    {
        var bytes = Hex(hex);
        _answers.Enqueue(() => bytes);
        return this;
    }

    public ScriptedChannel Then(byte[] answer)
    {
        _answers.Enqueue(() => answer);
        return this;
    }

    public ScriptedChannel ThenThrow(Exception exception)
    {
        _answers.Enqueue(() => throw exception);
        return this;
    }

    /// <summary>Called with the command, while the caller's buffer still holds it.</summary>
    public Action<ReadOnlySpan<byte>>? OnTransmit { get; set; }

    public byte[] Transmit(ReadOnlySpan<byte> apdu)
    {
        Sent.Add(apdu.ToArray());
        OnTransmit?.Invoke(apdu);
        if (_answers.Count == 0)
            throw new InvalidOperationException($"No scripted answer for {Convert.ToHexString(apdu)}.");
        return _answers.Dequeue()();
    }

    public int Remaining => _answers.Count;

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}
