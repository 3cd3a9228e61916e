using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;

namespace MynaEvents.VirtualCard;

/// <summary>
/// A My Number card as a reader sees it: the JPKI application with the real application's file
/// layout — the user-authentication side (certificate 000A, its CA 000B, PIN 0018, key 0017)
/// that the edge node uses, and the signing side (certificate 0001, its CA 0002, password 001B,
/// key 001A) that third-party middleware also looks at — and the card-info application an edge
/// node must never select. It turns command APDUs into response APDUs and does no I/O;
/// <see cref="VpcdCardConnection"/> plugs it into a reader. See ADR 0022.
/// </summary>
/// <remarks>
/// A card session lasts from power-on (or reset) to power-off (or reset): the selection and
/// the verified state of both PINs belong to it, the tries counters belong to the card. Every
/// member is safe to call from any thread; commands are processed one at a time.
/// </remarks>
public sealed partial class JpkiCardEmulator
{
    private static readonly byte[] ContactAtr = [0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14];

    private readonly Lock _gate = new();
    private readonly TestCard _card;
    private readonly JpkiCardOptions _options;
    private readonly CardApplication _jpki;
    private readonly CardApplication _cardInfo;
    private readonly List<ApduLogEntry> _log = [];

    private readonly CardPin _authenticationPin;
    private readonly CardPin _signingPassword;
    private bool _cardInfoSelected;
    private int _readsAnswered;
    private bool _truncationSpent;
    private bool _hangSpent;
    private bool _removed;

    // The card session: cleared by power-off, power-on and reset.
    private CardApplication? _application;
    private CardFile? _currentFile;
    private bool _hung;

    public JpkiCardEmulator(TestCard card, X509Certificate2 caCertificate, JpkiCardOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(caCertificate);
        _card = card;
        _options = Validated(options ?? new JpkiCardOptions());
        _authenticationPin = new CardPin(_options.Pin, _options.PinTries, JpkiCardOptions.MaxPinTries, 4, 4);
        _signingPassword = new CardPin(_options.SigningPassword, _options.SigningPasswordTries, JpkiCardOptions.MaxSigningPasswordTries,
            JpkiCardOptions.SigningPasswordMinLength, JpkiCardOptions.SigningPasswordMaxLength);
        _jpki = new CardApplication(CardIdentifiers.JpkiApplication.ToArray(),
        [
            // A real card shows its signing certificate (it names the holder) only after the
            // signing password; everything else that can be read is public.
            CardFile.Binary(CardIdentifiers.SigningCertificate, () => card.SigningCertificate.RawData, PinReference.Signing),
            CardFile.Binary(CardIdentifiers.SigningCaCertificate, () => card.SigningCaCertificate.RawData, PinReference.None),
            CardFile.Binary(CardIdentifiers.UserAuthenticationCertificate, card.CertificateDer),
            CardFile.Binary(CardIdentifiers.UserAuthenticationCaCertificate, caCertificate.RawData),
            CardFile.Key(CardIdentifiers.UserAuthenticationKey, PinReference.UserAuthentication),
            CardFile.PinFile(CardIdentifiers.UserAuthenticationPin, PinReference.UserAuthentication),
            CardFile.Key(CardIdentifiers.SigningKey, PinReference.Signing),
            CardFile.PinFile(CardIdentifiers.SigningPassword, PinReference.Signing),
        ]);
        _cardInfo = new CardApplication(CardIdentifiers.CardInfoApplication.ToArray(),
        [
            CardFile.Binary(CardIdentifiers.IndividualNumber, System.Text.Encoding.ASCII.GetBytes(_options.FakeIndividualNumber)),
        ]);
    }

    /// <summary>Raised after each command, outside the card's lock, with what was logged for it.</summary>
    public event EventHandler<ApduLogEntry>? CommandLogged;

    /// <summary>The answer to reset of a real card on a contact reader.</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "The ATR belongs to a card; every card answers the same one today.")]
    public ReadOnlyMemory<byte> Atr => ContactAtr;

    /// <summary>Every command received so far, oldest first (a copy).</summary>
    public IReadOnlyList<ApduLogEntry> Log
    {
        get { lock (_gate) return [.. _log]; }
    }

    /// <summary>Whether anyone ever sent a SELECT naming the card-info application's AID.</summary>
    public bool CardInfoApplicationSelected
    {
        get { lock (_gate) return _cardInfoSelected; }
    }

    /// <summary>User-authentication PIN tries left; 0 means blocked.</summary>
    public int PinTriesLeft
    {
        get { lock (_gate) return _authenticationPin.TriesLeft; }
    }

    /// <summary>Signing password tries left; 0 means blocked.</summary>
    public int SigningPasswordTriesLeft
    {
        get { lock (_gate) return _signingPassword.TriesLeft; }
    }

    /// <summary>
    /// Set once a <see cref="CardFault.RemoveDuringReadBinary"/> fault fires: the reader side must
    /// drop the card instead of answering. From then on every command gets an empty answer.
    /// </summary>
    public bool ShouldRemoveNow
    {
        get { lock (_gate) return _removed; }
    }

    /// <summary>
    /// Set while a <see cref="CardFault.StopsAnswering"/> fault holds the card: the reader side
    /// sends nothing back for a command answered with an empty response. A reset or a power
    /// cycle clears it.
    /// </summary>
    public bool IsHung
    {
        get { lock (_gate) return _hung; }
    }

    public void PowerOn() => EndSession();

    public void PowerOff() => EndSession();

    /// <summary>A warm reset: a new card session; the PIN tries counter is kept.</summary>
    public void Reset() => EndSession();

    /// <summary>
    /// Processes one command APDU and returns the response APDU (data ‖ SW1 SW2). An empty
    /// answer means the card is gone (<see cref="ShouldRemoveNow"/>).
    /// </summary>
    public byte[] Process(ReadOnlySpan<byte> commandApdu)
    {
        byte[] response;
        ApduLogEntry entry;
        lock (_gate)
        {
            var received = _options.Clock.GetUtcNow();
            if (!CommandApdu.TryParse(commandApdu, out var command))
            {
                response = Status(StatusWords.WrongLength);
                entry = MalformedEntry(received, commandApdu);
            }
            else
            {
                var selectedId = command.Ins == Instructions.Select ? Convert.ToHexString(command.Data) : null;
                if (command.Ins == Instructions.Select && command.P1 == SelectByAid && command.Data.SequenceEqual(_cardInfo.Aid))
                    _cardInfoSelected = true;
                response = Answer(command);
                entry = new ApduLogEntry(received, commandApdu.Length, command.Cla, command.Ins, command.P1, command.P2,
                    command.Data.Length, command.Ne, command.Extended, selectedId, StatusWordOf(response));
            }
            _log.Add(entry);
        }
        CommandLogged?.Invoke(this, entry);
        return response;
    }

    private byte[] Answer(CommandApdu command)
    {
        if (_removed || _hung)
            return [];
        if (command.Extended && !_options.ExtendedApdu)
            return Status(StatusWords.WrongLength);

        switch (_options.Fault)
        {
            case CardFault.RemoveDuringReadBinary remove when command.Ins == Instructions.ReadBinary && _readsAnswered >= remove.AfterReads:
                _removed = true;
                return [];
            case CardFault.TruncatedResponse truncated when command.Ins == truncated.Ins && !_truncationSpent:
                _truncationSpent = true;
                return [0x90];
            case CardFault.UnknownStatus unknown when command.Ins == unknown.Ins:
                return Status(unknown.StatusWord);
            case CardFault.StopsAnswering stops when command.Ins == stops.Ins && !_hangSpent:
                _hung = _hangSpent = true;
                return [];
        }

        var response = (command.Cla, command.Ins) switch
        {
            (0x00, Instructions.Select) => Select(command),
            (0x00, Instructions.ReadBinary) => ReadBinary(command),
            (0x00, Instructions.Verify) => Verify(command),
            (0x80, Instructions.Sign) => Sign(command),
            (_, Instructions.Select or Instructions.ReadBinary or Instructions.Verify or Instructions.Sign) => Status(StatusWords.ClassNotSupported),
            _ => Status(StatusWords.InstructionNotSupported),
        };
        if (command.Ins == Instructions.ReadBinary)
            _readsAnswered++;
        return response;
    }

    private void EndSession()
    {
        lock (_gate)
        {
            _application = null;
            _currentFile = null;
            _authenticationPin.Forget();
            _signingPassword.Forget();
            _hung = false;
        }
    }

    private CardPin PinFor(PinReference reference) => reference switch
    {
        PinReference.UserAuthentication => _authenticationPin,
        PinReference.Signing => _signingPassword,
        _ => throw new ArgumentOutOfRangeException(nameof(reference), reference, "the file has no PIN"),
    };

    private static byte[] Status(ushort statusWord) => [(byte)(statusWord >> 8), (byte)statusWord];

    private static byte[] Respond(ReadOnlySpan<byte> data, ushort statusWord) => [.. data, (byte)(statusWord >> 8), (byte)statusWord];

    private static ushort? StatusWordOf(byte[] response) =>
        response.Length >= 2 ? (ushort)((response[^2] << 8) | response[^1]) : null;

    private static ApduLogEntry MalformedEntry(DateTimeOffset received, ReadOnlySpan<byte> apdu)
    {
        Span<byte> header = stackalloc byte[4];
        apdu[..Math.Min(4, apdu.Length)].CopyTo(header);
        return new ApduLogEntry(received, apdu.Length, header[0], header[1], header[2], header[3], 0, null, false, null, StatusWords.WrongLength);
    }

    private static JpkiCardOptions Validated(JpkiCardOptions options)
    {
        if (options.Pin is not { Length: 4 } || !IndividualNumber.IsAsciiDigits(options.Pin))
            throw new ArgumentException("JpkiCardOptions.Pin must be 4 ASCII digits, like a JPKI user-authentication PIN.", nameof(options));
        if (options.PinTries is < 0 or > JpkiCardOptions.MaxPinTries)
            throw new ArgumentException($"JpkiCardOptions.PinTries must be between 0 (blocked) and {JpkiCardOptions.MaxPinTries}.", nameof(options));
        if (options.SigningPassword is not { Length: >= JpkiCardOptions.SigningPasswordMinLength and <= JpkiCardOptions.SigningPasswordMaxLength }
            || !options.SigningPassword.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c)))
            throw new ArgumentException(
                $"JpkiCardOptions.SigningPassword must be {JpkiCardOptions.SigningPasswordMinLength}-{JpkiCardOptions.SigningPasswordMaxLength} upper-case letters A-Z and digits, like a JPKI signing password.",
                nameof(options));
        if (options.SigningPasswordTries is < 0 or > JpkiCardOptions.MaxSigningPasswordTries)
            throw new ArgumentException($"JpkiCardOptions.SigningPasswordTries must be between 0 (blocked) and {JpkiCardOptions.MaxSigningPasswordTries}.", nameof(options));
        if (options.FakeIndividualNumber is not { Length: 12 } || !IndividualNumber.IsAsciiDigits(options.FakeIndividualNumber))
            throw new ArgumentException("JpkiCardOptions.FakeIndividualNumber must be 12 ASCII digits.", nameof(options));
        if (options.Fault is null)
            throw new ArgumentException("JpkiCardOptions.Fault must be set; use CardFault.None for a card that behaves.", nameof(options));
        if (options.Fault is CardFault.RemoveDuringReadBinary { AfterReads: < 0 })
            throw new ArgumentException("CardFault.RemoveDuringReadBinary.AfterReads must not be negative.", nameof(options));
        ArgumentNullException.ThrowIfNull(options.Clock);
        return options;
    }
}
