using Alba;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Server.Tests.Security;

namespace MynaEvents.Server.Tests.FacilityViews;

/// <summary>
/// The real server on its own database, with a clock the test moves: <see cref="Server"/> and
/// <see cref="Host"/> are one server, so its projections and the test share one master key and one clock.
/// </summary>
public sealed class ManualClockServer : IAsyncLifetime
{
    public ManualClockServer() =>
        Server.ConfigureWebHost(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time)));

    public ServerFactory Server { get; } = new();

    public ManualTime Time { get; } = new();

    /// <summary>The running server, for <c>Scenario(...)</c>.</summary>
    public IAlbaHost Host => Server.Host;

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();

    public HttpClient Client(string bearerToken) => Server.CreateClient(bearerToken);

    public HttpClient Admin() => Client(ServerFactory.BootstrapAdminToken);
}
