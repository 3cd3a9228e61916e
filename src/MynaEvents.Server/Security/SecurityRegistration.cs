using Microsoft.AspNetCore.Authorization;
using MynaEvents.Server.Storage.Schema;
using MynaEvents.Server.Security.Authentication;
using MynaEvents.Server.Security.Authorization;
using MynaEvents.Server.Security.Challenges;
using MynaEvents.Server.Security.Devices;
using MynaEvents.Server.Security.People;

namespace MynaEvents.Server.Security;

/// <summary>Who may call the API: bearer authentication, tenant-scoped policies, people, devices, PIN challenges.</summary>
internal static class SecurityRegistration
{
    public static IServiceCollection AddSecurity(this IServiceCollection services)
    {
        services.AddSingleton(MigrationModule.FromAssembly("security", typeof(SecurityRegistration).Assembly, "Security/Migrations/"));
        services.AddSingleton(sp => SecurityOptions.From(sp.GetRequiredService<IConfiguration>()));

        services.AddSingleton<BootstrapAdmin>();
        services.AddSingleton<KeptCredentials>();
        services.AddHostedService<CredentialChangeListener>();
        services.AddSingleton<CredentialLookup>();
        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<BearerTokenOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, _ => { });
        services.AddAuthorization(options => options.AddMynaPolicies());
        services.AddSingleton<IAuthorizationHandler, TenantRoleHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ExplainingResultHandler>();

        services.AddSingleton<PeopleStore>();
        services.AddSingleton<DerivedSecrets>();
        services.AddSingleton<DeviceActivation>();
        services.AddSingleton<IDeviceCredentials, DeviceCredentials>();
        services.AddSingleton(sp => JpkiTrust.Load(sp.GetRequiredService<SecurityOptions>().JpkiCaCertificatePaths));
        services.AddSingleton<ICardCertificateTrust>(sp => sp.GetRequiredService<JpkiTrust>());
        services.AddSingleton<ChallengeStore>();
        services.AddSingleton<IChallengeVerifier, ChallengeVerifier>();
        return services;
    }

    /// <summary>
    /// Resolved while the server starts, so that a bad MYNA_BOOTSTRAP_ADMIN_TOKEN or an unreadable
    /// CA file stops the start, not the first request.
    /// </summary>
    public static WebApplication CheckSecuritySettings(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<SecurityOptions>();
        var trust = app.Services.GetRequiredService<JpkiTrust>();
        if (trust.AnchorCount == 0)
            app.Logger.LogWarning("No JPKI CA certificate is configured ({Variable}): every PIN-mode proof will be refused, and card reads are checked only for a self-signed certificate's signature",
                SecurityOptions.JpkiCaCertificatesVariable);
        return app;
    }

    public static IEndpointRouteBuilder MapSecurity(this IEndpointRouteBuilder routes)
    {
        routes.MapPeople();
        routes.MapDeviceActivation();
        routes.MapChallenges();
        return routes;
    }
}
