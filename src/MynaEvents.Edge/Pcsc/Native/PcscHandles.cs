using System.Runtime.InteropServices;

namespace MynaEvents.Edge.Pcsc.Native;

/// <summary>
/// SCARDCONTEXT as a SafeHandle: a context in use by a waiting thread cannot be released under
/// it by another (SCardCancel and the wait both hold a reference).
/// </summary>
internal sealed class PcscContextHandle() : SafeHandle(0, ownsHandle: true)
{
    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle() => PcscNative.ReleaseContext(handle) == PcscConstants.Success;
}

/// <summary>SCARDHANDLE as a SafeHandle; releasing it disconnects with <see cref="Disposition"/>.</summary>
internal sealed class PcscCardHandle() : SafeHandle(0, ownsHandle: true)
{
    public override bool IsInvalid => handle == 0;

    /// <summary>What to do with the card when the handle is released (SCARD_LEAVE_CARD by default).</summary>
    public uint Disposition { get; set; } = PcscConstants.LeaveCard;

    protected override bool ReleaseHandle()
    {
        // A card already taken out answers "removed": the handle is released all the same.
        var rv = PcscNative.Disconnect(handle, Disposition);
        return rv is PcscConstants.Success or PcscConstants.RemovedCard or PcscConstants.ResetCardWarning
            or PcscConstants.NoSmartcard or PcscConstants.ReaderUnavailable;
    }
}
