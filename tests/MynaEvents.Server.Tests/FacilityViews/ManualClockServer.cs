using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Server.Tests.Security;

namespace MynaEvents.Server.Tests.FacilityViews;

/// <summary>
/// The real server on its own database, with a clock the test moves: the only server started
/// from <see cref="Server"/>, so its projections and the test share one master key and one clock.
/// </summary>
public sealed class ManualClockServer : IAsyncLifetime
{
    public ManualClockServer() =>
        Host = Server.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time)));

    public ServerFactory Server { get; } = new();

    public ManualTime Time { get; } = new();

    public WebApplicationFactory<Program> Host { get; }

    public Task InitializeAsync() => Server.InitializeAsync();

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await ((IAsyncLifetime)Server).DisposeAsync();
    }

    public HttpClient Client(string bearerToken)
    {
        var client = Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        return client;
    }

    public HttpClient Admin() => Client(ServerFactory.BootstrapAdminToken);
}
