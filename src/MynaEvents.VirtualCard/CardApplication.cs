namespace MynaEvents.VirtualCard;

/// <summary>What an elementary file is, which decides the commands it takes.</summary>
internal enum CardFileKind
{
    /// <summary>A transparent EF: READ BINARY reads it.</summary>
    Binary,
    /// <summary>The PIN: VERIFY checks it; it cannot be read.</summary>
    Pin,
    /// <summary>A private key: SIGN uses it; it cannot be read.</summary>
    PrivateKey,
}

/// <summary>An elementary file of a card application.</summary>
internal sealed record CardFile(ushort Id, CardFileKind Kind, byte[] Content)
{
    public static CardFile Binary(ushort id, byte[] content) => new(id, CardFileKind.Binary, content);

    public static CardFile Secret(ushort id, CardFileKind kind) => new(id, kind, []);
}

/// <summary>A card application (a DF selected by AID) and its elementary files.</summary>
internal sealed class CardApplication(byte[] aid, IEnumerable<CardFile> files)
{
    private readonly Dictionary<ushort, CardFile> _files = files.ToDictionary(file => file.Id);

    public byte[] Aid { get; } = aid;

    public CardFile? Find(ushort fileId) => _files.GetValueOrDefault(fileId);
}
