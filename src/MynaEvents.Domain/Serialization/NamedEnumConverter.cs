using System.Text.Json.Serialization;

namespace MynaEvents.Domain.Serialization;

/// <summary>
/// Reads and writes an enum by its documented name only. The framework's string converter also
/// accepts numbers (<c>"kind": 7</c>) and numeric strings, which would let a value outside the
/// enum reach the rules and the views; here they are refused like any other unknown name.
/// </summary>
public sealed class NamedEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
