using System.Collections.Concurrent;

namespace MynaEvents.EligibilitySimulator.Persons;

/// <summary>The insured persons, keyed by certificate serial (hex, compared without regard to case).</summary>
internal sealed class PersonRegistry(IReadOnlyDictionary<string, SimulatedPerson> generated)
{
    private readonly ConcurrentDictionary<string, SimulatedPerson> _persons =
        new(generated.Select(p => KeyValuePair.Create(Normalize(p.Key), p.Value)), StringComparer.Ordinal);

    public int Count => _persons.Count;

    public SimulatedPerson? Find(string serial) => _persons.GetValueOrDefault(Normalize(serial));

    /// <summary>Adds or replaces; answers true when the serial was new.</summary>
    public bool Put(string serial, SimulatedPerson person)
    {
        var added = true;
        _persons.AddOrUpdate(Normalize(serial), person, (_, _) => { added = false; return person; });
        return added;
    }

    public bool Remove(string serial) => _persons.TryRemove(Normalize(serial), out _);

    public IEnumerable<KeyValuePair<string, SimulatedPerson>> All() => _persons.OrderBy(p => p.Key, StringComparer.Ordinal);

    /// <summary>Certificate serials are hex strings: 1–40 hex digits (an X.509 serial is at most 20 bytes).</summary>
    public static bool IsSerial(string? serial) =>
        serial is { Length: >= 1 and <= 40 } && serial.All(char.IsAsciiHexDigit);

    private static string Normalize(string serial) => serial.ToUpperInvariant();
}
