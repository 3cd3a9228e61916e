using System.Text.Json.Serialization;
using MynaEvents.Domain.Serialization;

namespace MynaEvents.Domain.Onboarding;

/// <summary>
/// 施設の確認方法 (施設確認): how the portal confirms that the applying facility is the one under
/// contract. The registration-number method is the default; the notice is for when it fails.
/// </summary>
[JsonConverter(typeof(NamedEnumConverter<FacilityConfirmationMethod>))]
public enum FacilityConfirmationMethod
{
    /// <summary>① matched against the records of the fund or the regional bureau: registration number and the manager's birth date.</summary>
    [JsonStringEnumMemberName("registration_number_and_manager_birth_date")]
    RegistrationNumberAndManagerBirthDate,

    /// <summary>② a scan or photo of the 受領委任承諾通知書 (delegated-receipt approval notice) is attached.</summary>
    [JsonStringEnumMemberName("approval_notice")]
    ApprovalNotice,
}
