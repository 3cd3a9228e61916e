using System.Globalization;
using Microsoft.OpenApi;
using System.Security.Claims;
using MynaEvents.Server.Features.AccessRecords;
using MynaEvents.Server.Features.Facilities.Directory;
using MynaEvents.Server.Features.FacilityCheckViews;
using MynaEvents.Server.Security;
using MynaEvents.Server.Security.Authorization;

namespace MynaEvents.Server.Features.ReceiptExport;

/// <summary>
/// レセコン連携: a facility's confirmed results of one treatment month, as JSON rows or as CSV.
/// Group readers (auditors, administrators) export any facility of their group; reception staff
/// only their own facility, which includes results shared with it by co-location. Devices may
/// not: receipt software runs with a staff token. Every export is recorded (ReceiptExported).
/// </summary>
internal static class ReceiptExportEndpoints
{
    public static RouteHandlerBuilder MapReceiptExportRoute(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/tenants/{tenantId}/facilities/{facilityId}/receipt-export", ExportAsync)
            .WithTags("Receipt export")
            .WithSummary("The facility's confirmed results of a treatment month (own and shared), while retained (翌月末), as JSON or CSV")
            .RequireAuthorization(MynaPolicies.FacilityReader)
            .RequireKnownFacility()
            .Produces<IReadOnlyList<ReceiptExportRow>>()
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // format=csv answers the same rows as a CSV file for Japanese Excel.
                if (operation.Responses?["200"] is OpenApiResponse ok && ok.Content is { } content)
                    content[ReceiptCsv.ContentType.Split(';')[0]] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                return Task.CompletedTask;
            });

    private static async Task<IResult> ExportAsync(string tenantId, string facilityId, string? month, string? format,
        ClaimsPrincipal user, ReceiptExportQueries queries, AccessRecorder access, CancellationToken ct)
    {
        if (user.Role() == MynaRoles.ReceptionStaff && !string.Equals(user.FacilityId(), facilityId, StringComparison.Ordinal))
            return FacilityCheckInput.Forbidden("facilityId", "reception staff export only their own facility's results (which include results shared with it by co-location)");

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var firstDay = ParseMonth(month, errors);
        var kind = format ?? "json";
        if (kind is not ("json" or "csv")) errors["format"] = ["must be json or csv"];
        if (errors.Count > 0) return FacilityCheckInput.Invalid(errors);

        var rows = await queries.MonthAsync(tenantId, facilityId, firstDay!.Value, ct);
        await access.RecordExportAsync(tenantId, facilityId, month!, kind, [.. rows.Select(r => r.CheckId)], user, ct);
        return kind == "csv"
            ? TypedResults.File(ReceiptCsv.Write(rows), ReceiptCsv.ContentType, $"receipt-export-{facilityId}-{month}.csv")
            : TypedResults.Ok(rows);
    }

    private static DateOnly? ParseMonth(string? month, Dictionary<string, string[]> errors)
    {
        if (month is { Length: 7 } && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            return first;
        errors["month"] = [month is null ? "is required: the treatment month as yyyy-MM" : "must be a treatment month as yyyy-MM"];
        return null;
    }
}
