namespace MynaEvents.EventStore.Appending;

/// <summary>What the writer believes about the stream before its append.</summary>
public readonly record struct ExpectedVersion
{
    private ExpectedVersion(long? value) => Value = value;

    /// <summary>null = any; 0 = the stream must not exist; n = exactly n events so far.</summary>
    internal long? Value { get; }

    /// <summary>Append whatever the stream holds.</summary>
    public static ExpectedVersion Any => new(null);

    /// <summary>The stream must not exist yet: the append starts it.</summary>
    public static ExpectedVersion NoStream => new(0);

    /// <summary>The stream must hold exactly <paramref name="version"/> events.</summary>
    public static ExpectedVersion Exactly(long version) => version switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(version), version, "A stream version is never negative."),
        _ => new(version),
    };

    public override string ToString() => Value switch
    {
        null => "any",
        0 => "no stream",
        var v => v.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
