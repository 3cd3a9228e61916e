namespace MynaEvents.Server.Privacy.Sweeping;

/// <summary>Wires the 翌月末 sweep: the sweeper (also used by the CLI) and its schedule.</summary>
public static class RetentionSweepRegistration
{
    /// <summary>Needs <see cref="PrivacyRegistration.AddPrivacy"/>; picks up every registered <see cref="IRetentionParticipant"/>.</summary>
    public static IServiceCollection AddRetentionSweeper(this IServiceCollection services)
    {
        services.AddSingleton(sp => RetentionSweepOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<RetentionSweeper>();
        services.AddHostedService<RetentionSweepSchedule>();
        return services;
    }
}
