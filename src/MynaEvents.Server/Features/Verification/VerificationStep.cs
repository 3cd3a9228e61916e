using MynaEvents.Domain.Verification;

namespace MynaEvents.Server.Features.Verification;

/// <summary>The commands of a check; a resent command id must name the same kind of command.</summary>
internal enum VerificationStep
{
    CardRead,
    Identity,
    Lookup,
    Fallback,
}

internal static class VerificationSteps
{
    /// <summary>Whether <paramref name="firstEvent"/>, the first event a command wrote, is what this step writes.</summary>
    public static bool Wrote(this VerificationStep step, object firstEvent) => step switch
    {
        VerificationStep.CardRead => firstEvent is CardRead,
        VerificationStep.Identity => firstEvent is IdentityVerified,
        VerificationStep.Lookup => firstEvent is EligibilityConfirmed or EligibilityNotFound or EligibilityInvalid or EligibilityLookupFailed,
        VerificationStep.Fallback => firstEvent is EligibilityConfirmedByFallback,
        _ => false,
    };
}
