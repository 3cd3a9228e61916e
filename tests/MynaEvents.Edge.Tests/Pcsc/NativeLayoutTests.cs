using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MynaEvents.Edge.Pcsc.Native;

namespace MynaEvents.Edge.Tests.Pcsc;

/// <summary>The structures passed to the PC/SC library must match its C layout byte for byte.</summary>
public class NativeLayoutTests
{
    [Fact]
    public void the_reader_state_has_the_layout_of_the_platforms_SCARD_READERSTATE()
    {
        Assert.True(Environment.Is64BitProcess, "The edge runs as a 64-bit process.");
        var (size, atrOffset) = OperatingSystem.IsWindows() ? (64, 28) : (80, 40);

        Assert.Equal(size, Unsafe.SizeOf<ReaderStateNative>());
        Assert.Equal(atrOffset, (int)Marshal.OffsetOf<ReaderStateNative>(nameof(ReaderStateNative.Atr)));
    }

    [Fact]
    public void the_io_request_has_the_layout_of_the_platforms_SCARD_IO_REQUEST() =>
        Assert.Equal(OperatingSystem.IsWindows() ? 8 : 16, Unsafe.SizeOf<IoRequestNative>());
}
