using System.Runtime.InteropServices;
using System.Text;

namespace MynaEvents.Edge.Pcsc.Native;

/// <summary>
/// The one door to the system PC/SC library. Callers never see which platform they are on:
/// names go in and come out as .NET strings, lengths as ints, result codes as <see cref="uint"/>
/// (pcsc-lite returns them as positive C longs, winscard as negative 32-bit values; the low 32
/// bits are the same).
/// </summary>
internal static unsafe class PcscNative
{
    private static readonly bool IsWindows = OperatingSystem.IsWindows();

    /// <summary>Bytes per character of the reader names the library speaks.</summary>
    private static int CharSize => IsWindows ? 2 : 1;

    public static uint EstablishContext(out PcscContextHandle context) =>
        Code(IsWindows
            ? WinscardMethods.SCardEstablishContext(new CULong(PcscConstants.ScopeSystem), 0, 0, out context)
            : PcscLiteMethods.SCardEstablishContext(new CULong(PcscConstants.ScopeSystem), 0, 0, out context));

    public static uint ReleaseContext(nint context) =>
        Code(IsWindows ? WinscardMethods.SCardReleaseContext(context) : PcscLiteMethods.SCardReleaseContext(context));

    public static uint Cancel(PcscContextHandle context) =>
        Code(IsWindows ? WinscardMethods.SCardCancel(context) : PcscLiteMethods.SCardCancel(context));

    /// <summary>The reader names, or an empty list when the library says there are none.</summary>
    public static uint ListReaders(PcscContextHandle context, out IReadOnlyList<string> readers)
    {
        readers = [];
        // The list can grow between the sizing call and the filling call: ask again then.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var length = new CULong(0);
            var rv = Code(IsWindows
                ? WinscardMethods.SCardListReadersW(context, null, null, &length)
                : PcscLiteMethods.SCardListReaders(context, null, null, &length));
            if (rv != PcscConstants.Success)
                return rv == PcscConstants.NoReadersAvailable ? PcscConstants.Success : rv;

            var buffer = new byte[checked((int)length.Value * CharSize)];
            fixed (byte* p = buffer)
            {
                rv = Code(IsWindows
                    ? WinscardMethods.SCardListReadersW(context, null, (char*)p, &length)
                    : PcscLiteMethods.SCardListReaders(context, null, p, &length));
            }
            if (rv == PcscConstants.InsufficientBuffer)
                continue;
            if (rv != PcscConstants.Success)
                return rv == PcscConstants.NoReadersAvailable ? PcscConstants.Success : rv;

            readers = SplitMultiString(buffer.AsSpan(0, (int)length.Value * CharSize));
            return rv;
        }
        return PcscConstants.InsufficientBuffer;
    }

    /// <summary>
    /// Calls SCardGetStatusChange for <paramref name="states"/>: each entry's current state goes
    /// in, its event state and ATR come back in place.
    /// </summary>
    public static uint GetStatusChange(PcscContextHandle context, uint timeoutMs, Span<ReaderStateEntry> states)
    {
        var natives = new ReaderStateNative[states.Length];
        try
        {
            for (var i = 0; i < states.Length; i++)
            {
                natives[i].Reader = IsWindows
                    ? Marshal.StringToCoTaskMemUni(states[i].Reader)
                    : Marshal.StringToCoTaskMemUTF8(states[i].Reader);
                natives[i].CurrentState = new CULong(states[i].CurrentState);
            }

            uint rv;
            fixed (ReaderStateNative* p = natives)
            {
                rv = Code(IsWindows
                    ? WinscardMethods.SCardGetStatusChangeW(context, new CULong(timeoutMs), p, new CULong((uint)natives.Length))
                    : PcscLiteMethods.SCardGetStatusChange(context, new CULong(timeoutMs), p, new CULong((uint)natives.Length)));

                for (var i = 0; i < states.Length; i++)
                {
                    states[i].EventState = (uint)p[i].EventState.Value;
                    var atrLength = Math.Min((int)p[i].AtrLength.Value, ReaderStateNative.AtrCapacity);
                    states[i].Atr = new ReadOnlySpan<byte>(p[i].Atr, atrLength).ToArray();
                }
            }
            return rv;
        }
        finally
        {
            foreach (var native in natives)
                Marshal.FreeCoTaskMem(native.Reader);
        }
    }

    public static uint Connect(PcscContextHandle context, string reader, uint shareMode, uint protocols, out PcscCardHandle card, out uint activeProtocol)
    {
        var rv = Code(IsWindows
            ? WinscardMethods.SCardConnectW(context, reader, new CULong(shareMode), new CULong(protocols), out card, out var active)
            : PcscLiteMethods.SCardConnect(context, reader, new CULong(shareMode), new CULong(protocols), out card, out active));
        activeProtocol = (uint)active.Value;
        return rv;
    }

    public static uint Disconnect(nint card, uint disposition) =>
        Code(IsWindows
            ? WinscardMethods.SCardDisconnect(card, new CULong(disposition))
            : PcscLiteMethods.SCardDisconnect(card, new CULong(disposition)));

    public static uint BeginTransaction(PcscCardHandle card) =>
        Code(IsWindows ? WinscardMethods.SCardBeginTransaction(card) : PcscLiteMethods.SCardBeginTransaction(card));

    public static uint EndTransaction(PcscCardHandle card, uint disposition) =>
        Code(IsWindows
            ? WinscardMethods.SCardEndTransaction(card, new CULong(disposition))
            : PcscLiteMethods.SCardEndTransaction(card, new CULong(disposition)));

    /// <summary>Sends <paramref name="command"/> and writes the answer into <paramref name="response"/>; <paramref name="received"/> is its length.</summary>
    public static uint Transmit(PcscCardHandle card, uint protocol, ReadOnlySpan<byte> command, Span<byte> response, out int received)
    {
        var pci = new IoRequestNative { Protocol = new CULong(protocol), Length = new CULong((uint)sizeof(IoRequestNative)) };
        var length = new CULong((uint)response.Length);
        uint rv;
        fixed (byte* send = command)
        fixed (byte* receive = response)
        {
            rv = Code(IsWindows
                ? WinscardMethods.SCardTransmit(card, &pci, send, new CULong((uint)command.Length), null, receive, &length)
                : PcscLiteMethods.SCardTransmit(card, &pci, send, new CULong((uint)command.Length), null, receive, &length));
        }
        received = rv == PcscConstants.Success ? (int)Math.Min(length.Value, (nuint)response.Length) : 0;
        return rv;
    }

    /// <summary>SCardStatus reduced to what the edge needs: the card's state flags.</summary>
    public static uint Status(PcscCardHandle card, out uint state)
    {
        var nameBuffer = new byte[1024];
        var nameLength = new CULong((uint)(nameBuffer.Length / CharSize));
        var atr = new byte[ReaderStateNative.AtrCapacity];
        var atrLength = new CULong((uint)atr.Length);
        CULong stateValue, protocol;
        uint rv;
        fixed (byte* name = nameBuffer)
        fixed (byte* atrPointer = atr)
        {
            rv = Code(IsWindows
                ? WinscardMethods.SCardStatusW(card, (char*)name, &nameLength, &stateValue, &protocol, atrPointer, &atrLength)
                : PcscLiteMethods.SCardStatus(card, name, &nameLength, &stateValue, &protocol, atrPointer, &atrLength));
        }
        state = rv == PcscConstants.Success ? (uint)stateValue.Value : 0;
        return rv;
    }

    /// <summary>Low 32 bits of the C long result: the same code on every platform.</summary>
    private static uint Code(CLong result) => unchecked((uint)result.Value);

    private static List<string> SplitMultiString(ReadOnlySpan<byte> bytes)
    {
        var text = IsWindows ? Encoding.Unicode.GetString(bytes) : Encoding.UTF8.GetString(bytes);
        return [.. text.Split('\0', StringSplitOptions.RemoveEmptyEntries)];
    }
}

/// <summary>One reader in a status query: what the caller knew, and what the library answered.</summary>
internal struct ReaderStateEntry(string reader, uint currentState)
{
    public string Reader { get; } = reader;
    public uint CurrentState { get; } = currentState;
    public uint EventState { get; set; }
    public byte[] Atr { get; set; } = [];
}
