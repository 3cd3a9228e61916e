using MynaEvents.Server.Features.Projections;
using MynaEvents.Server.Hosting;
using MynaEvents.Server.Privacy.Sweeping;
using JasperFx;

// A maintenance verb runs one job with the server's services and exits; no web host starts.
if (args is [RetentionSweepCommand.Verb, .. var serverArgs])
    return await RetentionSweepCommand.RunAsync(serverArgs, Console.Out);
if (args is [RebuildCommand.Verb, .. var rebuildArgs])
    return await RebuildCommand.RunAsync(rebuildArgs, Console.Out);

// JasperFx's verbs: `codegen write` pre-generates Wolverine's handler code into Internal/Generated.
if (args is [ServerHost.CodegenVerb, ..])
    return await ServerHost.Build(args).RunJasperFxCommands(args);

var app = ServerHost.Build(args);
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
