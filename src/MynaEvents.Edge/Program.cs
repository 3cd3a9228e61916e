namespace MynaEvents.Edge;

/// <summary>The edge node's entry point.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        _ = args;
        return 0;
    }
}
