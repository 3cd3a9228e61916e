using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MynaEvents.Server.Tests;

/// <summary>The real server on real Kestrel (a free port), for what only Kestrel does: limits, rejections, connections.</summary>
public sealed class KestrelServer : IAsyncLifetime, IDisposable
{
    public ServerFactory Server { get; } = new();

    public Uri Address => new(Server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        Server.UseKestrel(0);
        Server.StartServer();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)Server).DisposeAsync();

    public void Dispose() => Server.Dispose();
}
