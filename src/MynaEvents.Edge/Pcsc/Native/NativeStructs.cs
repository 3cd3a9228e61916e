using System.Runtime.InteropServices;

namespace MynaEvents.Edge.Pcsc.Native;

/// <summary>
/// SCARD_READERSTATE. DWORD is a C <c>unsigned long</c>: 8 bytes on 64-bit pcsc-lite, 4 on
/// Windows, hence <see cref="CULong"/>. The ATR array is 33 bytes on pcsc-lite and 36 on Windows;
/// declaring 36 gives the right size on both (pcsc-lite: 40 + 33 rounds up to 80, the same as
/// 40 + 36; Windows: 28 + 36 = 64), and the library never writes past the length it reports.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ReaderStateNative
{
    public const int AtrCapacity = 36;

    public nint Reader;
    public nint UserData;
    public CULong CurrentState;
    public CULong EventState;
    public CULong AtrLength;
    public fixed byte Atr[AtrCapacity];
}

/// <summary>SCARD_IO_REQUEST: 16 bytes on 64-bit pcsc-lite, 8 on Windows.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IoRequestNative
{
    public CULong Protocol;
    public CULong Length;
}

/// <summary>The PC/SC constants the edge uses; values are the same on pcsc-lite and Windows unless noted.</summary>
internal static class PcscConstants
{
    public const uint ScopeSystem = 2;
    public const uint ShareShared = 2;
    public const uint ProtocolT0 = 1;
    public const uint ProtocolT1 = 2;
    public const uint LeaveCard = 0;
    public const uint ResetCard = 1;
    public const uint Infinite = 0xFFFFFFFF;

    public const uint Success = 0;
    public const uint Cancelled = 0x80100002;
    public const uint InsufficientBuffer = 0x80100008;
    public const uint UnknownReader = 0x80100009;
    public const uint Timeout = 0x8010000A;
    public const uint NoSmartcard = 0x8010000C;
    public const uint ReaderUnavailable = 0x80100017;
    public const uint NoService = 0x8010001D;
    public const uint ServiceStopped = 0x8010001E;
    public const uint NoReadersAvailable = 0x8010002E;
    public const uint ResetCardWarning = 0x80100068;
    public const uint RemovedCard = 0x80100069;

    /// <summary>The pseudo-reader whose state changes when a reader is plugged in or out.</summary>
    public const string PnpNotificationReader = @"\\?PnP?\Notification";
}
