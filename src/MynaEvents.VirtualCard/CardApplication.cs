namespace MynaEvents.VirtualCard;

/// <summary>What an elementary file is, which decides the commands it takes.</summary>
internal enum CardFileKind
{
    /// <summary>A transparent EF: READ BINARY reads it.</summary>
    Binary,
    /// <summary>A PIN: VERIFY checks it; it cannot be read.</summary>
    Pin,
    /// <summary>A private key: SIGN uses it; it cannot be read.</summary>
    PrivateKey,
}

/// <summary>The two PINs of the JPKI application, and "none" for files no PIN guards.</summary>
internal enum PinReference
{
    None,
    /// <summary>利用者証明用暗証番号: 4 digits, 3 tries.</summary>
    UserAuthentication,
    /// <summary>署名用パスワード: 6–16 upper-case letters and digits, 5 tries.</summary>
    Signing,
}

/// <summary>
/// An elementary file of a card application. <see cref="Pin"/> is the PIN that must be verified
/// in the card session before the file can be read (a binary EF) or used (a key), or the PIN
/// the file is (a PIN EF). A binary EF's content is made the first time it is read.
/// </summary>
internal sealed class CardFile
{
    private readonly Lazy<byte[]> _content;

    private CardFile(ushort id, CardFileKind kind, PinReference pin, Func<byte[]> content)
    {
        Id = id;
        Kind = kind;
        Pin = pin;
        _content = new Lazy<byte[]>(content);
    }

    public ushort Id { get; }

    public CardFileKind Kind { get; }

    public PinReference Pin { get; }

    public byte[] Content => _content.Value;

    public static CardFile Binary(ushort id, byte[] content) => new(id, CardFileKind.Binary, PinReference.None, () => content);

    /// <summary>A binary EF whose content is made on first read, readable only once <paramref name="readNeeds"/> is verified.</summary>
    public static CardFile Binary(ushort id, Func<byte[]> content, PinReference readNeeds) => new(id, CardFileKind.Binary, readNeeds, content);

    public static CardFile PinFile(ushort id, PinReference pin) => new(id, CardFileKind.Pin, pin, () => []);

    public static CardFile Key(ushort id, PinReference usedWith) => new(id, CardFileKind.PrivateKey, usedWith, () => []);
}

/// <summary>A card application (a DF selected by AID) and its elementary files.</summary>
internal sealed class CardApplication(byte[] aid, IEnumerable<CardFile> files)
{
    private readonly Dictionary<ushort, CardFile> _files = files.ToDictionary(file => file.Id);

    public byte[] Aid { get; } = aid;

    public CardFile? Find(ushort fileId) => _files.GetValueOrDefault(fileId);
}
