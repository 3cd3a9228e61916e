using JasperFx.CodeGeneration;
using Wolverine;

namespace MynaEvents.Server.Hosting;

/// <summary>
/// Wolverine on the server: message storage beside Marten's in the same PostgreSQL (schema
/// <see cref="Schema"/>), a transaction around every handler that touches Marten, the async
/// projections distributed over the running nodes, and handlers loaded from pre-generated code.
/// </summary>
internal static class WolverineRegistration
{
    /// <summary>Wolverine's inbox, outbox, scheduled messages and node records live apart from ours and Marten's.</summary>
    public const string Schema = "myna_wolverine";

    /// <summary>
    /// Where <c>codegen write</c> puts the handlers' adapter code, under the project: checked in and
    /// compiled into the server (<see cref="TypeLoadMode.Static"/>; Wolverine 6 compiles nothing at run time).
    /// </summary>
    public const string GeneratedCodeFolder = "Internal/Generated";

    public static IServiceCollection AddMessaging(this IServiceCollection services, Action<WolverineOptions>? configure = null) =>
        services.AddWolverine(ExtensionDiscovery.ManualOnly, opts =>
        {
            opts.ApplicationAssembly = typeof(WolverineRegistration).Assembly;
            // Several nodes share the async projections: the leader assigns each to one node and
            // moves it when a node goes (Wolverine-managed distribution, ADR 0035).
            opts.Durability.Mode = DurabilityMode.Balanced;
            opts.Policies.AutoApplyTransactions();
            opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
            configure?.Invoke(opts);
        });
}
