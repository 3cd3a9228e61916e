namespace MynaEvents.VirtualCard;

/// <summary>Runs a virtual card against a vpcd reader, for demos.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        _ = args;
        return 0;
    }
}
