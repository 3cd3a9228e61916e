using MynaEvents.Server.Features.Projections;
using MynaEvents.Server.Hosting;
using MynaEvents.Server.Privacy.Sweeping;

// A maintenance verb runs one job with the server's services and exits; no web host starts.
if (args is [RetentionSweepCommand.Verb, .. var serverArgs])
    return await RetentionSweepCommand.RunAsync(serverArgs, Console.Out);
if (args is [RebuildCommand.Verb, .. var rebuildArgs])
    return await RebuildCommand.RunAsync(rebuildArgs, Console.Out);

var app = ServerHost.Build(args);
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
