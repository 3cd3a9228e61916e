using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Server.Features.Facilities.Directory;
using MynaEvents.Server.Hosting;
using MynaEvents.Server.Privacy;
using MynaEvents.Server.Storage;
using MynaEvents.Server.Storage.Projections;
using MynaEvents.Server.Storage.Schema;

namespace MynaEvents.Bench.Replay;

/// <summary>
/// The server's own services, built the way <c>sweep-retention</c> builds them: the web
/// application is built from the server's configuration (MYNA_DB pointing at the benchmark
/// database, a fresh MYNA_MASTER_KEY) but never started, so no port is bound and no hosted
/// service (in particular the server's own Marten daemon) runs. The projection under test
/// is the instance the server registers, with the server's directory and protector; the
/// benchmark runs it in a Marten store of its own, configured as the server's.
/// </summary>
internal sealed class ReplayServer : IAsyncDisposable
{
    public const string ProjectionName = "facility_checks";

    private readonly WebApplication _app;
    private readonly byte[] _masterKey;

    private ReplayServer(WebApplication app, byte[] masterKey)
    {
        _app = app;
        _masterKey = masterKey;
        Types = app.Services.GetRequiredService<EventTypeRegistry>();
        Protector = app.Services.GetRequiredService<PersonalDataProtector>();
        Directory = app.Services.GetRequiredService<FacilityDirectory>();
        Projection = app.Services.GetServices<AsyncViewProjection>().Select(p => p.Projection).SingleOrDefault(p => p.Name == ProjectionName)
            ?? throw new InvalidOperationException($"The server registers no async projection named '{ProjectionName}'.");
        MasterKeyId = MasterKeyRing.IdOf(masterKey);
    }

    public EventTypeRegistry Types { get; }
    public PersonalDataProtector Protector { get; }
    public FacilityDirectory Directory { get; }

    /// <summary>The server's FacilityChecksProjection, as it registers it for Marten's daemon.</summary>
    public IViewProjection Projection { get; }

    public string MasterKeyId { get; }

    /// <summary>The master key the server was configured with: the benchmark wraps its seeded data keys under it.</summary>
    public ReadOnlySpan<byte> MasterKey => _masterKey;

    public static async Task<ReplayServer> StartAsync(string connectionString, CancellationToken ct)
    {
        var masterKey = RandomNumberGenerator.GetBytes(MasterKeyRing.KeySize);
        string[] args =
        [
            $"--{ServerOptions.DatabaseVariable}={connectionString}",
            $"--{MasterKeyConfiguration.Variable}={Convert.ToBase64String(masterKey)}",
            "--Logging:LogLevel:Default=Warning",
        ];
        var app = ServerHost.Build(args);
        try
        {
            // Every module the server knows (directory, data keys, facility_checks) on top of the store's.
            await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(ct);
            return new ReplayServer(app, masterKey);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        CryptographicOperations.ZeroMemory(_masterKey);
        await _app.DisposeAsync();
    }
}

/// <summary>
/// The server's AES-GCM sealing (internal PersonalDataCipher), reached by reflection so the
/// seeded keys and ciphertexts are exactly what PersonalDataProtector.SealAsync would store,
/// without a database round trip per check. The seeder checks a sample through the protector.
/// </summary>
internal static class ServerCipher
{
    public delegate byte[] WrapKeyFunction(ReadOnlySpan<byte> masterKey, string masterKeyId, string tenantId, string verificationId, Guid keyId,
        ReadOnlySpan<byte> dataKey);

    public delegate string SealFunction(ReadOnlySpan<byte> dataKey, string tenantId, string verificationId, Guid keyId, ReadOnlySpan<byte> plaintext);

    private static readonly Type Cipher = typeof(PersonalDataProtector).Assembly.GetType("MynaEvents.Server.Privacy.PersonalDataCipher", throwOnError: true)!;

    public static WrapKeyFunction WrapKey { get; } = Method("WrapKey").CreateDelegate<WrapKeyFunction>();

    public static SealFunction Seal { get; } = Method("Seal").CreateDelegate<SealFunction>();

    private static MethodInfo Method(string name) =>
        Cipher.GetMethod(name, BindingFlags.Public | BindingFlags.Static)
        ?? throw new InvalidOperationException($"PersonalDataCipher.{name} not found: the server's sealing changed; update the replay seeder.");
}
