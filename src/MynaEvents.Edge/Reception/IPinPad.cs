using MynaEvents.Edge.Jpki;

namespace MynaEvents.Edge.Reception;

/// <summary>
/// Where the patient types the PIN: a hidden console prompt at reception, a script in the demo.
/// Returns null when the patient does not want to go on (no try is spent then). The caller
/// disposes the buffer, which clears the digits.
/// </summary>
public interface IPinPad
{
    Task<PinBuffer?> AskAsync(int triesLeft, CancellationToken cancellationToken);
}
