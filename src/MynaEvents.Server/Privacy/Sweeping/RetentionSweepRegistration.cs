namespace MynaEvents.Server.Privacy.Sweeping;

/// <summary>Wires the 翌月末 sweep: the sweeper (also used by the CLI); its schedule is Wolverine's (<see cref="RetentionSweepSchedule"/>).</summary>
public static class RetentionSweepRegistration
{
    /// <summary>Needs <see cref="PrivacyRegistration.AddPrivacy"/>; picks up every registered <see cref="IRetentionParticipant"/>.</summary>
    public static IServiceCollection AddRetentionSweeper(this IServiceCollection services)
    {
        services.AddSingleton(sp => RetentionSweepOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<RetentionSweeper>();
        services.AddHostedService<RetentionSweepScheduleOff>();
        return services;
    }
}
