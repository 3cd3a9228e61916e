using System.Runtime.InteropServices;

namespace MynaEvents.Edge.Pcsc.Native;

/// <summary>winscard.dll (Windows): the W functions with UTF-16 reader names; DWORD and LONG are 32-bit.</summary>
internal static unsafe partial class WinscardMethods
{
    private const string Library = "winscard.dll";

    [LibraryImport(Library)]
    public static partial CLong SCardEstablishContext(CULong scope, nint reserved1, nint reserved2, out PcscContextHandle context);

    [LibraryImport(Library)]
    public static partial CLong SCardReleaseContext(nint context);

    [LibraryImport(Library)]
    public static partial CLong SCardCancel(PcscContextHandle context);

    [LibraryImport(Library)]
    public static partial CLong SCardListReadersW(PcscContextHandle context, char* groups, char* readers, CULong* readersLength);

    [LibraryImport(Library)]
    public static partial CLong SCardGetStatusChangeW(PcscContextHandle context, CULong timeoutMs, ReaderStateNative* states, CULong count);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf16)]
    public static partial CLong SCardConnectW(PcscContextHandle context, string reader, CULong shareMode, CULong preferredProtocols, out PcscCardHandle card, out CULong activeProtocol);

    [LibraryImport(Library)]
    public static partial CLong SCardDisconnect(nint card, CULong disposition);

    [LibraryImport(Library)]
    public static partial CLong SCardBeginTransaction(PcscCardHandle card);

    [LibraryImport(Library)]
    public static partial CLong SCardEndTransaction(PcscCardHandle card, CULong disposition);

    [LibraryImport(Library)]
    public static partial CLong SCardTransmit(PcscCardHandle card, IoRequestNative* sendPci, byte* send, CULong sendLength, IoRequestNative* receivePci, byte* receive, CULong* receiveLength);

    [LibraryImport(Library)]
    public static partial CLong SCardStatusW(PcscCardHandle card, char* readerName, CULong* readerNameLength, CULong* state, CULong* protocol, byte* atr, CULong* atrLength);
}
