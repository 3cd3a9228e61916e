using MynaEvents.Server.Tests.Verification;

namespace MynaEvents.Server.Tests.Rebuild;

/// <summary>
/// <see cref="VerificationFixture"/> with the gateway tuned for a long randomised workload: no
/// retries, so a simulated outage fails a lookup at once, and a circuit breaker that never
/// opens, so a lookup retried after the outage confirms without waiting out a break.
/// </summary>
public sealed class RebuildFixture : VerificationFixture
{
    protected override void Configure(Dictionary<string, string> settings)
    {
        settings["MYNA_ELIGIBILITY_RETRIES"] = "0";
        settings["MYNA_ELIGIBILITY_BREAKER_MIN_THROUGHPUT"] = "10000";
    }
}
