namespace MynaEvents.EligibilitySimulator;

internal static class Program
{
    public static async Task Main(string[] args)
    {
        var app = SimulatorApp.Build(args);
        await app.RunAsync();
    }
}
