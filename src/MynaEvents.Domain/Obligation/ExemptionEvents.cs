using MynaEvents.Domain.Onboarding;

namespace MynaEvents.Domain.Obligation;

/// <summary>The facility declared that a やむを得ない事由 exempts it from the obligation.</summary>
/// <param name="PlannedDate">The concrete closure/suspension or end-of-billing date; null for the other reasons.</param>
public sealed record ExemptionDeclared(ExemptionReason Reason, DateOnly? PlannedDate) : IFacilityEvent;

/// <summary>The exemption no longer applies (the plan was dropped, or it was declared by mistake).</summary>
public sealed record ExemptionWithdrawn(ExemptionReason Reason) : IFacilityEvent;

/// <summary>An exemption in force.</summary>
public sealed record Exemption(ExemptionReason Reason, DateOnly? PlannedDate);
