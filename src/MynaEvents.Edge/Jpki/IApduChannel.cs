namespace MynaEvents.Edge.Jpki;

/// <summary>
/// Sends one command APDU to a card and returns the whole response APDU (data ‖ SW1 SW2).
/// Implementations raise <see cref="CardException"/> for reader failures. A response shorter
/// than the two status bytes is a <see cref="CardProblem.TruncatedResponse"/>, whoever notices it.
/// </summary>
public interface IApduChannel
{
    byte[] Transmit(ReadOnlySpan<byte> apdu);
}
