using MynaEvents.Server.Tests.Verification;

namespace MynaEvents.Server.Tests.Rebuild;

/// <summary>
/// <see cref="VerificationFixture"/> with the gateway tuned for a long randomised workload: no
/// retries, so a simulated outage fails a lookup at once, and a circuit breaker that never
/// opens, so a lookup retried after the outage confirms without waiting out a break. Outages
/// here are error answers, never silence, so the attempt timeout is generous: a busy test
/// machine must not turn a slow answer into an unplanned lookup_failed.
/// </summary>
public sealed class RebuildFixture : VerificationFixture
{
    protected override void Configure(Dictionary<string, string> settings)
    {
        settings["MYNA_ELIGIBILITY_RETRIES"] = "0";
        settings["MYNA_ELIGIBILITY_BREAKER_MIN_THROUGHPUT"] = "10000";
        settings["MYNA_ELIGIBILITY_ATTEMPT_TIMEOUT_MS"] = "10000";
        settings["MYNA_ELIGIBILITY_TOTAL_TIMEOUT_MS"] = "20000";
    }
}
