using System.Security.Cryptography;
using System.Text;

namespace MynaEvents.Server.Security.Devices;

/// <summary>
/// A one-time device activation code, typed by a person into the card-reader app: 16 symbols
/// of Crockford's base32 (80 random bits), shown as XXXX-XXXX-XXXX-XXXX. The alphabet has no
/// I, L, O or U, and reading normalises the look-alikes, so a code read aloud or copied from
/// paper still works. 80 bits cannot be guessed online, so a fast hash is enough to store it.
/// </summary>
internal static class ActivationCode
{
    public const int Symbols = 16;
    public const string Rule = "must be the 16-character activation code shown when the device was registered (letters and digits; dashes and spaces are ignored)";

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Symbols × 5 bits.</summary>
    public const int SecretBytes = 10;

    public static string New() => From(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>The code spelling out <paramref name="secret"/> (10 bytes, e.g. from <see cref="DerivedSecrets"/>), five bits a symbol.</summary>
    public static string From(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != SecretBytes) throw new ArgumentException($"An activation code's secret is {SecretBytes} bytes.", nameof(secret));
        var code = new StringBuilder(Symbols + 3);
        for (var i = 0; i < Symbols; i++)
        {
            if (i > 0 && i % 4 == 0) code.Append('-');
            var bit = i * 5;
            var window = (secret[bit / 8] << 8) | (bit / 8 + 1 < SecretBytes ? secret[bit / 8 + 1] : 0);
            code.Append(Alphabet[(window >> (11 - bit % 8)) & 0x1F]);
        }
        return code.ToString();
    }

    /// <summary>The canonical 16 symbols, or null when the text cannot be a code.</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null) return null;
        var code = new StringBuilder(Symbols);
        foreach (var c in typed)
        {
            if (c is '-' or ' ') continue;
            var symbol = char.ToUpperInvariant(c) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (!Alphabet.Contains(symbol, StringComparison.Ordinal) || code.Length == Symbols) return null;
            code.Append(symbol);
        }
        return code.Length == Symbols ? code.ToString() : null;
    }

    /// <summary>SHA-256 of the canonical form: the only form in which a code is stored.</summary>
    public static byte[] Hash(string normalized) => SHA256.HashData(Encoding.ASCII.GetBytes(normalized));
}
