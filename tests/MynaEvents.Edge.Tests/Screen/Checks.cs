using MynaEvents.Edge.ServerApi;

namespace MynaEvents.Edge.Tests.Screen;

/// <summary>Checks as the server answers them, for the screen tests.</summary>
internal static class Checks
{
    public const string Name = "試験\u3000花子";
    public const string Kana = "シケン\u3000ハナコ";

    public static readonly EligibilityView Eligibility = new("01130012", "全国健康保険協会東京支部", 1, "030",
        new DateOnly(2010, 4, 1), null, 1, null);

    public static readonly PersonalView Personal = new(Name, Kana, new DateOnly(1980, 6, 15), "5012", "34567", "00", Shredded: false);

    /// <summary>The last instant of 翌月末 for a check treated in November 2026: 2026-12-31 23:59:59.999 JST.</summary>
    public static readonly DateTimeOffset RetainedUntil = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(9)).AddTicks(-1).ToUniversalTime();

    public static VerificationResponse Confirmed(EligibilityView? eligibility = null, PersonalView? personal = null, string identityMode = IdentityModes.Visual) =>
        new(Guid.NewGuid().ToString(), 3, VerificationStatuses.Confirmed, "fac-1", new DateOnly(2026, 11, 21), identityMode, true, RetainedUntil,
            eligibility ?? Eligibility, personal ?? Personal, null, null, "Eligibility confirmed.");

    public static VerificationResponse WithStatus(string status, string? lookupFailure = null, string? fallbackKind = null) =>
        new(Guid.NewGuid().ToString(), 3, status, "fac-1", new DateOnly(2026, 11, 21), null, true, RetainedUntil,
            null, null, fallbackKind, lookupFailure, "server's next step");
}
