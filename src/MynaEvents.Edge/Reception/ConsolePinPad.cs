using MynaEvents.Edge.Jpki;

namespace MynaEvents.Edge.Reception;

/// <summary>
/// The PIN typed at the reception PC's keyboard: no echo (a * per digit), only digits kept, Esc
/// to give up. With <c>--pin-stdin</c> a script pipes one line instead. The digits live in a
/// stack buffer that is cleared before returning; only the <see cref="PinBuffer"/> holds them.
/// </summary>
public sealed class ConsolePinPad(bool fromStandardInput) : IPinPad
{
    public Task<PinBuffer?> AskAsync(int triesLeft, CancellationToken cancellationToken)
    {
        Span<char> digits = stackalloc char[PinBuffer.Length];
        try
        {
            var count = fromStandardInput ? ReadLine(digits) : ReadHidden(digits, cancellationToken);
            if (count < 0) return Task.FromResult<PinBuffer?>(null);
            return Task.FromResult<PinBuffer?>(PinBuffer.FromDigits(digits[..count]));
        }
        finally
        {
            digits.Clear();
        }
    }

    private static int ReadLine(Span<char> digits)
    {
        var count = 0;
        while (true)
        {
            var next = Console.In.Read();
            if (next is -1) return count == 0 ? -1 : count;
            if (next is '\n') return count;
            if (next is >= '0' and <= '9' && count < digits.Length) digits[count++] = (char)next;
        }
    }

    private static int ReadHidden(Span<char> digits, CancellationToken cancellationToken)
    {
        var count = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Escape) return -1;
            if (key.Key == ConsoleKey.Enter && count == digits.Length) break;
            if (key.Key == ConsoleKey.Backspace && count > 0) { count--; Console.Write("\b \b"); continue; }
            if (key.KeyChar is >= '0' and <= '9' && count < digits.Length)
            {
                digits[count++] = key.KeyChar;
                Console.Write('*');
            }
        }
        Console.WriteLine();
        return cancellationToken.IsCancellationRequested ? -1 : count;
    }
}
