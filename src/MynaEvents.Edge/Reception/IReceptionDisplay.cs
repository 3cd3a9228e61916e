namespace MynaEvents.Edge.Reception;

/// <summary>The reception screen: the console at a reception PC, a recorder in tests.</summary>
public interface IReceptionDisplay
{
    void Show(string text);
}

/// <summary>Writes each message to the console, with a blank line between messages.</summary>
public sealed class ConsoleDisplay : IReceptionDisplay
{
    public void Show(string text)
    {
        Console.Out.WriteLine(text);
        Console.Out.WriteLine();
        Console.Out.Flush();
    }
}
