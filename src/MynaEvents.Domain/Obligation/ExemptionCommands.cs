namespace MynaEvents.Domain.Obligation;

/// <summary>Declare an exemption; <paramref name="PlannedDate"/> only for closure/suspension and ending delegated billing.</summary>
public sealed record DeclareExemption(ExemptionReason? Reason, DateOnly? PlannedDate);

/// <summary>Withdraw the exemption in force.</summary>
public sealed record WithdrawExemption;
