namespace MynaEvents.Server.EligibilityGateway;

/// <summary>
/// オンライン資格確認: asks the national eligibility system about one card holder. Every upstream
/// trouble (down, slow, garbled, circuit open) comes back as <see cref="EligibilityAnswer.Failed"/>,
/// never as an exception, so that the verification flow can record it as an event. Only the
/// caller's own cancellation throws.
/// </summary>
public interface IEligibilityGateway
{
    Task<EligibilityAnswer> LookUpAsync(EligibilityQuery query, CancellationToken ct);
}

/// <summary>
/// Whose eligibility, and on which day. The holder is named by the card's user-authentication
/// certificate, never by the individual number (個人番号).
/// </summary>
/// <param name="CertificateSerial">The user-authentication certificate's serial number, hex.</param>
/// <param name="CertificateIssuer">The certificate's issuer DN.</param>
/// <param name="FacilityCode">The 施術所 asking, when known.</param>
/// <param name="TreatedOn">The treatment date, in JST.</param>
public sealed record EligibilityQuery(string CertificateSerial, string CertificateIssuer, string? FacilityCode, DateOnly TreatedOn);
