using System.Text.Json.Serialization;
using MynaEvents.Domain.Serialization;

namespace MynaEvents.Domain.Devices;

/// <summary>
/// 端末: the kinds of device that may read the My Number card for eligibility-only
/// confirmation. Every kind needs extended Lc/Le (拡張APDU) support in whatever reads the card.
/// </summary>
[JsonConverter(typeof(NamedEnumConverter<DeviceKind>))]
public enum DeviceKind
{
    /// <summary>A Windows PC with a wired general-purpose card reader (有線汎用カードリーダー).</summary>
    [JsonStringEnumMemberName("pc_usb_reader")]
    PcUsbReader,

    /// <summary>A Windows PC with a Bluetooth general-purpose card reader.</summary>
    [JsonStringEnumMemberName("pc_bluetooth_reader")]
    PcBluetoothReader,

    /// <summary>A smartphone reading the card by itself over NFC.</summary>
    [JsonStringEnumMemberName("smartphone_nfc")]
    SmartphoneNfc,

    /// <summary>A tablet with a Bluetooth general-purpose card reader.</summary>
    [JsonStringEnumMemberName("tablet_bluetooth_reader")]
    TabletBluetoothReader,
}

public static class DeviceKinds
{
    private static readonly Dictionary<DeviceKind, string> Codes = new()
    {
        [DeviceKind.PcUsbReader] = "pc_usb_reader",
        [DeviceKind.PcBluetoothReader] = "pc_bluetooth_reader",
        [DeviceKind.SmartphoneNfc] = "smartphone_nfc",
        [DeviceKind.TabletBluetoothReader] = "tablet_bluetooth_reader",
    };

    /// <summary>The kind's name as clients send it (pc_usb_reader, …).</summary>
    public static string Code(this DeviceKind kind) =>
        Codes.TryGetValue(kind, out var code) ? code : throw new ArgumentOutOfRangeException(nameof(kind), kind, null);

    public static bool TryParse(string? code, out DeviceKind kind)
    {
        foreach (var (candidate, name) in Codes)
        {
            if (name != code) continue;
            kind = candidate;
            return true;
        }
        kind = default;
        return false;
    }
}
