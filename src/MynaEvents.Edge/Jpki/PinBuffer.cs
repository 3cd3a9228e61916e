using System.Security.Cryptography;

namespace MynaEvents.Edge.Jpki;

/// <summary>
/// The patient's 4-digit PIN on its way to the card. The digits live in one pinned array (the
/// garbage collector never leaves copies behind when it compacts) that <see cref="Dispose"/>
/// clears. <see cref="ToString"/> never shows them. Never store, log or serialise a PinBuffer.
/// </summary>
public sealed class PinBuffer : IDisposable
{
    /// <summary>The user-authentication PIN is exactly this many digits.</summary>
    public const byte Length = 4;

    private readonly byte[] _digits = GC.AllocateArray<byte>(Length, pinned: true);
    private bool _disposed;

    private PinBuffer()
    {
    }

    /// <summary>A PIN from what the patient typed: exactly 4 ASCII digits 0–9.</summary>
    public static PinBuffer FromDigits(ReadOnlySpan<char> digits)
    {
        if (digits.Length != Length)
            throw new ArgumentException($"The PIN must be exactly {Length} digits.", nameof(digits));
        var pin = new PinBuffer();
        for (var i = 0; i < Length; i++)
        {
            if (!char.IsAsciiDigit(digits[i]))
            {
                pin.Dispose();
                throw new ArgumentException($"The PIN must be exactly {Length} digits 0–9.", nameof(digits));
            }
            pin._digits[i] = (byte)digits[i];
        }
        return pin;
    }

    /// <summary>A PIN from ASCII bytes, e.g. a PIN pad's buffer: exactly 4 bytes '0'–'9'.</summary>
    public static PinBuffer FromAscii(ReadOnlySpan<byte> digits)
    {
        if (digits.Length != Length)
            throw new ArgumentException($"The PIN must be exactly {Length} digits.", nameof(digits));
        var pin = new PinBuffer();
        for (var i = 0; i < Length; i++)
        {
            if (!char.IsAsciiDigit((char)digits[i]))
            {
                pin.Dispose();
                throw new ArgumentException($"The PIN must be exactly {Length} digits 0–9.", nameof(digits));
            }
            pin._digits[i] = digits[i];
        }
        return pin;
    }

    /// <summary>Copies the ASCII digits into a buffer the caller clears after use.</summary>
    internal void CopyDigitsTo(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _digits.CopyTo(destination);
    }

    public override string ToString() => _disposed ? "PIN (cleared)" : "PIN (4 digits, hidden)";

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_digits);
        _disposed = true;
    }
}
