using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using MynaEvents.Domain.Verification;

namespace MynaEvents.Server.Privacy;

/// <summary>
/// The plaintext format inside a seal. The property names are stored (encrypted) for up to
/// two months, so renaming a <see cref="PersonalData"/> property needs a reader for the old name.
/// </summary>
[JsonSerializable(typeof(PersonalData))]
internal sealed partial class PersonalDataJson : JsonSerializerContext
{
    /// <summary>
    /// Names and kana stay plain UTF-8 (3 bytes a character rather than 6 for \uXXXX): this
    /// JSON is only ever read back by this deserializer, never embedded in HTML.
    /// </summary>
    public static PersonalDataJson Sealing { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    });
}
