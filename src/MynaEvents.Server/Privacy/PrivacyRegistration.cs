using MynaEvents.Server.Storage.Schema;

namespace MynaEvents.Server.Privacy;

/// <summary>Wires personal-data sealing into the server: the key table, the master key, the protector.</summary>
public static class PrivacyRegistration
{
    /// <summary>The "privacy" migration module: <c>Privacy/Migrations/*.sql</c> (the data key table).</summary>
    public static MigrationModule Migrations { get; } =
        MigrationModule.FromAssembly("privacy", typeof(PrivacyRegistration).Assembly, "Privacy/Migrations/");

    /// <summary>Needs the server's NpgsqlDataSource and TimeProvider (registered by the event store wiring).</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddSingleton(Migrations);
        services.AddSingleton(sp => MasterKeyConfiguration.Load(
            sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<IHostEnvironment>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MasterKeyConfiguration).FullName!)));
        services.AddSingleton<PersonalDataProtector>();
        services.AddHostedService<MasterKeyStartup>();
        return services;
    }

    /// <summary>
    /// Resolves the master key while the server starts, so a missing or malformed
    /// MYNA_MASTER_KEY stops the start instead of failing the first card read at reception.
    /// </summary>
    private sealed class MasterKeyStartup(MasterKeyRing masterKeys, ILogger<MasterKeyStartup> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            // The id is a key check value, not the key: it lets an operator compare servers.
            logger.LogInformation("Personal data is sealed under master key {MasterKeyId}", masterKeys.CurrentId);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
