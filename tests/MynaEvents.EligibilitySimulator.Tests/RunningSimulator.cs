using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.EligibilitySimulator;

namespace MynaEvents.EligibilitySimulator.Tests;

/// <summary>The simulator on real Kestrel, on a free loopback port, for one test class.</summary>
public sealed class RunningSimulator : IAsyncLifetime, IAsyncDisposable
{
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync() => StartAsync();

    public async Task StartAsync(params string[] extraArgs)
    {
        _app = SimulatorApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning", .. extraArgs]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public Task<HttpResponseMessage> LookUpAsync(string serial, HttpClient? client = null) =>
        (client ?? Client).PostAsJsonAsync("/eligibility/lookups",
            new { certificateSerial = serial, certificateIssuer = "CN=JPKI UA CA, O=JPKI, C=JP", treatedOn = "2025-05-12" });
}
