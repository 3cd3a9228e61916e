using System.Text.Json.Serialization;
using MynaEvents.Domain.Serialization;

namespace MynaEvents.Domain.Tenancy;

/// <summary>
/// 施術所の種別: the kind of treatment facility (施術所). The two kinds bill insurers under
/// different delegated-receipt (受領委任) contracts and have different exemptions.
/// </summary>
[JsonConverter(typeof(NamedEnumConverter<FacilityKind>))]
public enum FacilityKind
{
    /// <summary>柔道整復: judo therapy.</summary>
    [JsonStringEnumMemberName("judo")]
    Judo,

    /// <summary>あん摩マッサージ指圧・はり・きゅう: massage, acupuncture and moxibustion ("ahaki").</summary>
    [JsonStringEnumMemberName("ahaki")]
    Ahaki,
}

public static class FacilityKinds
{
    /// <summary>The kind's name as clients send it ("judo", "ahaki").</summary>
    public static string Code(this FacilityKind kind) => kind switch
    {
        FacilityKind.Judo => "judo",
        FacilityKind.Ahaki => "ahaki",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? code, out FacilityKind kind)
    {
        switch (code)
        {
            case "judo": kind = FacilityKind.Judo; return true;
            case "ahaki": kind = FacilityKind.Ahaki; return true;
            default: kind = default; return false;
        }
    }
}
