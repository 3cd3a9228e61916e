namespace MynaEvents.VirtualCard;

/// <summary>The instruction bytes (INS) the virtual card understands.</summary>
internal static class Instructions
{
    public const byte Select = 0xA4;
    public const byte ReadBinary = 0xB0;
    public const byte Verify = 0x20;
    /// <summary>JPKI's proprietary COMPUTE DIGITAL SIGNATURE (class 80).</summary>
    public const byte Sign = 0x2A;
}
