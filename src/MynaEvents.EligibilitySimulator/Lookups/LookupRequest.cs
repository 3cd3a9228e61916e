namespace MynaEvents.EligibilitySimulator.Lookups;

/// <summary>
/// <c>POST /eligibility/lookups</c>: whose eligibility, identified by the card's
/// user-authentication certificate (never by the individual number), as of the treatment date.
/// </summary>
/// <param name="CertificateSerial">The certificate's serial number, hex.</param>
/// <param name="CertificateIssuer">The certificate's issuer DN.</param>
/// <param name="FacilityCode">The asking 施術所, when known; the simulator only accepts it.</param>
/// <param name="TreatedOn">The treatment date the eligibility is asked for.</param>
public sealed record LookupRequest(string? CertificateSerial, string? CertificateIssuer, string? FacilityCode, DateOnly? TreatedOn)
{
    public (string Field, string Rule)? Problem() => this switch
    {
        { CertificateSerial: var s } when !Persons.PersonRegistry.IsSerial(s) => ("certificateSerial", "is required: 1 to 40 hex digits"),
        { CertificateIssuer: null or "" } => ("certificateIssuer", "is required"),
        { TreatedOn: null } => ("treatedOn", "is required: a date (yyyy-MM-dd)"),
        _ => null,
    };
}
