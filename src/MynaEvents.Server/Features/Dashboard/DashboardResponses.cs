using System.Text.Json.Serialization;

namespace MynaEvents.Server.Features.Dashboard;

/// <summary>
/// The clinic group's dashboard, shaped like the ministry's table (利用申請済施設数 / 準備完了施設数 /
/// 全施設数 by kind), for the whole group and for each branch, with the obligation status added.
/// </summary>
/// <param name="AsOf">The JST date the figures are judged on.</param>
public sealed record DashboardResponse(string TenantId, string Name, DateOnly AsOf, DashboardTable Total, IReadOnlyList<BranchDashboard> Branches);

public sealed record BranchDashboard(string BranchId, string Name, DashboardTable Figures);

/// <summary>The figures per kind and for both kinds together.</summary>
public sealed record DashboardTable(KindFigures Judo, KindFigures Ahaki, KindFigures All);

/// <summary>
/// One row of the table. <c>Applied</c> and <c>Ready</c> overlap (a ready facility has applied);
/// <c>Ready</c> (met by its own online confirmation), <c>MetByColocation</c>, <c>Exempt</c> and
/// <c>RequiredNotMet</c> partition the facilities.
/// </summary>
/// <param name="Facilities">全施設数: every facility of the kind.</param>
/// <param name="Applied">利用申請済: at least one usage application submitted.</param>
/// <param name="Ready">準備完了: the operation start date (運用開始日) is registered and has come.</param>
public sealed record KindFigures(
    int Facilities,
    Share Applied,
    Share Ready,
    Share MetByColocation,
    ExemptFigures Exempt,
    Share RequiredNotMet);

/// <summary>Exempt facilities (やむを得ない事由), in all and by reason.</summary>
public sealed record ExemptFigures(int Count, decimal Percent, ExemptionShares ByReason);

public sealed record ExemptionShares(
    [property: JsonPropertyName("all_practitioners_70_or_older")] Share AllPractitioners70OrOlder,
    [property: JsonPropertyName("visual_impairment")] Share VisualImpairment,
    [property: JsonPropertyName("closure_or_suspension")] Share ClosureOrSuspension,
    [property: JsonPropertyName("stops_delegated_billing")] Share StopsDelegatedBilling);

/// <summary>A count and its percentage of the row's facilities, with one decimal (0.0 when there are none).</summary>
public sealed record Share(int Count, decimal Percent);
