using System.Collections.Concurrent;
using System.Text.Json;

namespace MynaEvents.Server.Storage;

/// <summary>
/// Maps CLR event types to the stable names stored in the event log, and payloads to JSON.
/// Names, not CLR type names, are stored so a class can be renamed or moved without
/// rewriting history.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly ConcurrentDictionary<Type, string> _names = new();
    private readonly ConcurrentDictionary<string, Type> _types = new(StringComparer.Ordinal);

    public EventTypeRegistry(JsonSerializerOptions? options = null)
    {
        Options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ClientOptions = new JsonSerializerOptions(Options)
        {
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        };
    }

    public JsonSerializerOptions Options { get; }

    /// <summary>
    /// Events an operator writes by hand are read strictly: every member the event type requires,
    /// no null where it allows none, nothing it does not know. A stored event is read leniently
    /// (<see cref="Options"/>), so that a later, wider type still reads old history.
    /// </summary>
    private JsonSerializerOptions ClientOptions { get; }

    public IReadOnlyCollection<string> Names => (IReadOnlyCollection<string>)_types.Keys;

    public EventTypeRegistry Register<T>(string name) => Register(typeof(T), name);

    public EventTypeRegistry Register(Type type, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_types.TryAdd(name, type) && _types[name] != type)
            throw new InvalidOperationException($"Event name '{name}' is already registered for {_types[name]}.");
        if (!_names.TryAdd(type, name) && _names[type] != name)
            throw new InvalidOperationException($"{type} is already registered as '{_names[type]}'.");
        return this;
    }

    public string NameOf(Type type) =>
        _names.TryGetValue(type, out var name) ? name : throw new UnknownEventTypeException(type.FullName ?? type.Name);

    public bool TryGetType(string name, out Type type) => _types.TryGetValue(name, out type!);

    public string Serialize(object payload) => JsonSerializer.Serialize(payload, payload.GetType(), Options);

    /// <summary>Deserializes a stored payload; unknown names come back as a <see cref="JsonElement"/>.</summary>
    public object Deserialize(string name, string json) =>
        _types.TryGetValue(name, out var type)
            ? JsonSerializer.Deserialize(json, type, Options) ?? throw new JsonException($"Event '{name}' has a null payload.")
            : JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>Reads a payload sent by a client for a registered event name (throws on unknown names or bad JSON).</summary>
    public object FromClient(string name, JsonElement payload) =>
        _types.TryGetValue(name, out var type)
            ? payload.Deserialize(type, ClientOptions) ?? throw new JsonException($"Event '{name}' has a null payload.")
            : throw new UnknownEventTypeException(name);
}
