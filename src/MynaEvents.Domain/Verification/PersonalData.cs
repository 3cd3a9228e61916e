namespace MynaEvents.Domain.Verification;

/// <summary>
/// The personal fields of an eligibility result or a fallback document. They never enter an
/// event in clear: the server seals them first, under a data key that is destroyed at the
/// check's 翌月末, after which they are unreadable everywhere.
/// </summary>
public sealed record PersonalData(
    string Name,
    string NameKana,
    DateOnly BirthDate,
    string? InsuredCardSymbol,
    string? InsuredIdentificationNumber,
    string? InsuredBranchNumber);

/// <summary>
/// <see cref="PersonalData"/> as stored in an event: AES-GCM ciphertext under the data key
/// <paramref name="KeyId"/>. Opaque to the domain.
/// </summary>
/// <param name="KeyId">The data key (one per verification).</param>
/// <param name="Sealed">Base64 of nonce ‖ ciphertext ‖ tag.</param>
public sealed record SealedPersonalData(string KeyId, string Sealed);
