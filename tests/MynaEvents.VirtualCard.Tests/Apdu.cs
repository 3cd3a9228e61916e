using System.Buffers.Binary;
using System.Text;

namespace MynaEvents.VirtualCard.Tests;

/// <summary>Command APDUs as an edge node sends them (jpki.md), and the parts of a response.</summary>
internal static class Apdu
{
    public static byte[] SelectJpki => SelectAid(CardIdentifiers.JpkiApplication.ToArray());

    public static byte[] SelectCardInfo => SelectAid(CardIdentifiers.CardInfoApplication.ToArray());

    public static byte[] SelectAid(byte[] aid) => [0x00, 0xA4, 0x04, 0x0C, (byte)aid.Length, .. aid];

    public static byte[] SelectEf(ushort fid) => [0x00, 0xA4, 0x02, 0x0C, 0x02, (byte)(fid >> 8), (byte)fid];

    /// <summary>READ BINARY with a short Le (256 is sent as 00).</summary>
    public static byte[] ReadBinary(int offset, int le) => [0x00, 0xB0, (byte)(offset >> 8), (byte)offset, (byte)le];

    /// <summary>READ BINARY with an extended Le (00 LL LL; 65536 is sent as 00 00 00).</summary>
    public static byte[] ReadBinaryExtended(int offset, int le) => [0x00, 0xB0, (byte)(offset >> 8), (byte)offset, 0x00, (byte)(le >> 8), (byte)le];

    public static byte[] TriesLeft => [0x00, 0x20, 0x00, 0x80];

    public static byte[] Verify(string pin) => [0x00, 0x20, 0x00, 0x80, (byte)pin.Length, .. Encoding.ASCII.GetBytes(pin)];

    public static byte[] Sign(byte[] digestInfo) => [0x80, 0x2A, 0x00, 0x80, (byte)digestInfo.Length, .. digestInfo, 0x00];

    public static byte[] SignExtended(byte[] digestInfo) =>
        [0x80, 0x2A, 0x00, 0x80, 0x00, (byte)(digestInfo.Length >> 8), (byte)digestInfo.Length, .. digestInfo, 0x00, 0x00];

    public static ushort Sw(byte[] response) => BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(response.Length - 2));

    public static byte[] Data(byte[] response) => response[..^2];

    /// <summary>Sends commands in order, asserting each is answered 90 00.</summary>
    public static void Ok(this JpkiCardEmulator card, params byte[][] commands)
    {
        foreach (var command in commands)
            Assert.Equal(0x9000, Sw(card.Process(command)));
    }

    /// <summary>Selects the JPKI application and the PIN EF, and verifies <paramref name="pin"/>.</summary>
    public static void VerifyPin(this JpkiCardEmulator card, string pin = "1234") =>
        card.Ok(SelectJpki, SelectEf(CardIdentifiers.UserAuthenticationPin), Verify(pin));
}
