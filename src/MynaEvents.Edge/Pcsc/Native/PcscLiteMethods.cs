using System.Runtime.InteropServices;

namespace MynaEvents.Edge.Pcsc.Native;

/// <summary>pcsc-lite (Linux): no A/W suffixes, reader names in UTF-8, DWORD and LONG are C longs.</summary>
internal static unsafe partial class PcscLiteMethods
{
    private const string Library = "libpcsclite.so.1";

    [LibraryImport(Library)]
    public static partial CLong SCardEstablishContext(CULong scope, nint reserved1, nint reserved2, out PcscContextHandle context);

    [LibraryImport(Library)]
    public static partial CLong SCardReleaseContext(nint context);

    [LibraryImport(Library)]
    public static partial CLong SCardCancel(PcscContextHandle context);

    [LibraryImport(Library)]
    public static partial CLong SCardListReaders(PcscContextHandle context, byte* groups, byte* readers, CULong* readersLength);

    [LibraryImport(Library)]
    public static partial CLong SCardGetStatusChange(PcscContextHandle context, CULong timeoutMs, ReaderStateNative* states, CULong count);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial CLong SCardConnect(PcscContextHandle context, string reader, CULong shareMode, CULong preferredProtocols, out PcscCardHandle card, out CULong activeProtocol);

    [LibraryImport(Library)]
    public static partial CLong SCardDisconnect(nint card, CULong disposition);

    [LibraryImport(Library)]
    public static partial CLong SCardBeginTransaction(PcscCardHandle card);

    [LibraryImport(Library)]
    public static partial CLong SCardEndTransaction(PcscCardHandle card, CULong disposition);

    [LibraryImport(Library)]
    public static partial CLong SCardTransmit(PcscCardHandle card, IoRequestNative* sendPci, byte* send, CULong sendLength, IoRequestNative* receivePci, byte* receive, CULong* receiveLength);

    [LibraryImport(Library)]
    public static partial CLong SCardStatus(PcscCardHandle card, byte* readerName, CULong* readerNameLength, CULong* state, CULong* protocol, byte* atr, CULong* atrLength);
}
