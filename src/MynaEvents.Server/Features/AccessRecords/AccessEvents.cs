namespace MynaEvents.Server.Features.AccessRecords;

/// <summary>The reasons personal fields of checks are read; stored as these strings.</summary>
public static class AccessPurposes
{
    /// <summary>One check's detail in a facility view.</summary>
    public const string Detail = "detail";
    /// <summary>A search of a facility view.</summary>
    public const string Search = "search";
    /// <summary>A receipt-software export (レセコン連携).</summary>
    public const string Export = "export";
    /// <summary>An auditor's replay of a facility's checks from the event log (history, checks as of an instant).</summary>
    public const string Audit = "audit";
}

/// <summary>
/// Someone was shown the personal fields (name, kana, birth date, 記号・番号・枝番) of checks.
/// Holds who and which checks only, never the personal data itself.
/// </summary>
/// <param name="Actor">The subject id of the person (or device) that read.</param>
/// <param name="Role">The role the reader acted in.</param>
/// <param name="Purpose">"detail", "search", "export" or "audit" (<see cref="AccessPurposes"/>).</param>
/// <param name="FacilityId">The facility whose view was read.</param>
/// <param name="CheckIds">The verification ids whose personal fields were returned.</param>
public sealed record PersonalDataRead(string Actor, string? Role, string Purpose, string FacilityId, IReadOnlyList<string> CheckIds, DateTimeOffset ReadAt);

/// <summary>A facility's confirmed results of one treatment month were exported to receipt software.</summary>
/// <param name="Month">The treatment month, yyyy-MM.</param>
/// <param name="Format">"json" or "csv".</param>
/// <param name="CheckIds">The verification ids exported (possibly none).</param>
public sealed record ReceiptExported(string Actor, string? Role, string FacilityId, string Month, string Format, IReadOnlyList<string> CheckIds, DateTimeOffset ExportedAt);
