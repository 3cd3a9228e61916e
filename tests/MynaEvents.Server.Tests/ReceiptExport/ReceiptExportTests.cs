using System.Net;
using System.Text;
using MynaEvents.Server.Tests.Facilities;
using static MynaEvents.Server.Tests.FacilityViews.FacilityViewsApi;
using static MynaEvents.Server.Tests.HttpJson;
using static MynaEvents.Server.Tests.ReceiptExport.ReceiptExportApi;

namespace MynaEvents.Server.Tests.ReceiptExport;

/// <summary>レセコン連携: a facility's confirmed results of a month as JSON or CSV, each export recorded.</summary>
public sealed class ReceiptExportTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    private const string Facility = "fac-judo-x";

    private async Task<(string Tenant, HttpClient Staff, string CheckId)> ConfirmedCheckAsync(string name, string kana)
    {
        var tenant = NewTenant();
        var staff = server.CreateClient(await TokenAsync(server.AdminClient(), tenant, "reception_staff", Facility));
        var id = await FallbackCheckAsync(staff, tenant, Facility, name, kana);
        await AwaitCheckAsync(staff, tenant, Facility, id);
        return (tenant, staff, id);
    }

    [Fact]
    public async Task json_export_lists_the_months_confirmed_results_with_insurance_and_personal_fields()
    {
        var (tenant, staff, id) = await ConfirmedCheckAsync("出力 一郎", "シュツリョク イチロウ");

        var response = await staff.GetAsync(Export(tenant, Facility, $"?month={ThisMonth}&format=json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single((await response.JsonAsync()).EnumerateArray());
        Assert.Equal(id, row.GetProperty("checkId").GetString());
        Assert.Equal(("33120015", "記号1", "1234", "01"), (row.GetProperty("insurerNumber").GetString(), row.GetProperty("insuredCardSymbol").GetString(),
            row.GetProperty("insuredIdentificationNumber").GetString(), row.GetProperty("insuredBranchNumber").GetString()));
        Assert.Equal(("出力 一郎", "シュツリョク イチロウ", "1950-01-02"), (row.GetProperty("name").GetString(), row.GetProperty("nameKana").GetString(), row.GetProperty("birthDate").GetString()));
        Assert.Equal((2, "020"), (row.GetProperty("personalFamily").GetInt32(), row.GetProperty("burdenRatio").GetString()));
        Assert.Equal(FacilitiesApi.Iso(FacilitiesApi.Today), row.GetProperty("treatmentDate").GetString());
        Assert.Equal("fallback_myna_portal", row.GetProperty("confirmationMethod").GetString());
        Assert.Equal(Facility, row.GetProperty("recordedAtFacilityId").GetString());

        var previousMonth = FacilitiesApi.Today.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Empty((await (await staff.GetAsync(Export(tenant, Facility, $"?month={previousMonth}"))).JsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task csv_export_is_utf8_with_bom_crlf_a_japanese_header_and_rfc4180_quoting()
    {
        var (tenant, staff, id) = await ConfirmedCheckAsync("読点, \"太郎\"", "トウテン タロウ");

        var response = await staff.GetAsync(Export(tenant, Facility, $"?month={ThisMonth}&format=csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal($"receipt-export-{Facility}-{ThisMonth}.csv", response.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n");
        Assert.Equal("保険者番号,保険者名,記号,番号,枝番,氏名,氏名カナ,生年月日,本人家族,負担割合,施術日,確認方法,確認ID", lines[0]);
        Assert.Equal(3, lines.Length); // header, one row, and the empty remainder after the last CRLF
        Assert.Equal("", lines[2]);
        Assert.DoesNotContain('\n', text.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.Equal($"33120015,,記号1,1234,01,\"読点, \"\"太郎\"\"\",トウテン タロウ,1950-01-02,家族,020,{FacilitiesApi.Iso(FacilitiesApi.Today)},fallback_myna_portal,{id}", lines[1]);
    }

    [Fact]
    public async Task a_csv_cell_that_a_spreadsheet_would_run_as_a_formula_is_exported_as_text_and_json_keeps_the_value()
    {
        var (tenant, staff, id) = await ConfirmedCheckAsync("=HYPERLINK(\"http://evil.example\",\"x\")", "シキ タロウ");

        var csv = await staff.GetAsync(Export(tenant, Facility, $"?month={ThisMonth}&format=csv"));
        var json = await staff.GetAsync(Export(tenant, Facility, $"?month={ThisMonth}&format=json"));

        var line = System.Text.Encoding.UTF8.GetString((await csv.Content.ReadAsByteArrayAsync())[3..]).Split("\r\n")[1];
        Assert.Equal($"33120015,,記号1,1234,01,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",シキ タロウ,1950-01-02,家族,020,{FacilitiesApi.Iso(FacilitiesApi.Today)},fallback_myna_portal,{id}", line);
        Assert.Equal("=HYPERLINK(\"http://evil.example\",\"x\")", Assert.Single((await json.JsonAsync()).EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task each_export_is_recorded_in_the_facilitys_access_stream_naming_the_checks()
    {
        var (tenant, staff, id) = await ConfirmedCheckAsync("記録 花子", "キロク ハナコ");

        await staff.GetAsync(Export(tenant, Facility, $"?month={ThisMonth}&format=csv"));
        await staff.GetAsync(Export(tenant, Facility, $"?month={ThisMonth}&format=json"));

        var month = $"and data->>'month' = '{ThisMonth}' and data->>'actor' is not null";
        Assert.Equal(1, await RecordsNamingAsync(server.Database, tenant, Facility, "ReceiptExported", id, month + " and data->>'format' = 'csv'"));
        Assert.Equal(1, await RecordsNamingAsync(server.Database, tenant, Facility, "ReceiptExported", id, month + " and data->>'format' = 'json'"));
        Assert.Equal(0, await server.Database.ScalarAsync<long>(
            $"select count(*) from myna_events.mt_events where type <> 'tombstone' and tenant_id = '{tenant}' and stream_id like 'access-%' and data::text like '%記録%'"));
    }

    [Fact]
    public async Task a_detail_read_of_personal_fields_is_recorded_but_a_search_returning_none_is_not()
    {
        var (tenant, staff, id) = await ConfirmedCheckAsync("閲覧 次郎", "エツラン ジロウ");
        var before = await RecordsNamingAsync(server.Database, tenant, Facility, "PersonalDataRead", id, "and data->>'purpose' = 'detail'");
        var searches = await RecordsAsync(server.Database, tenant, Facility, "PersonalDataRead");

        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync(Checks(tenant, Facility, "/" + id))).StatusCode);
        Assert.Equal(before + 1, await RecordsNamingAsync(server.Database, tenant, Facility, "PersonalDataRead", id, "and data->>'purpose' = 'detail'"));

        Assert.Empty(await SearchAsync(staff, tenant, Facility, "?kanaPrefix=" + Uri.EscapeDataString("ン")));
        Assert.Equal(searches + 1, await RecordsAsync(server.Database, tenant, Facility, "PersonalDataRead"));
        Assert.Contains(id, await SearchAsync(staff, tenant, Facility));
        Assert.Equal(1, await RecordsNamingAsync(server.Database, tenant, Facility, "PersonalDataRead", id, "and data->>'purpose' = 'search'"));
    }

    [Fact]
    public async Task staff_of_an_unrelated_facility_are_refused_naming_facilityId()
    {
        var (tenant, _, _) = await ConfirmedCheckAsync("他所 三郎", "ヨソ サブロウ");
        var other = server.CreateClient(await TokenAsync(server.AdminClient(), tenant, "reception_staff", "fac-elsewhere"));

        var response = await other.GetAsync(Export(tenant, Facility, $"?month={ThisMonth}&format=csv"));

        AssertProblem(response, 403);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("facilityId", (await response.JsonAsync()).GetProperty("field").GetString());
        Assert.DoesNotContain("他所", body, StringComparison.Ordinal);
        Assert.Equal(0, await RecordsAsync(server.Database, tenant, Facility, "ReceiptExported"));
    }

    [Fact]
    public async Task the_groups_auditor_exports_any_facility()
    {
        var (tenant, _, id) = await ConfirmedCheckAsync("監査 四郎", "カンサ シロウ");
        var auditor = server.CreateClient(await TokenAsync(server.AdminClient(), tenant, "auditor"));

        var rows = await (await auditor.GetAsync(Export(tenant, Facility, $"?month={ThisMonth}"))).JsonAsync();

        Assert.Equal(id, Assert.Single(rows.EnumerateArray()).GetProperty("checkId").GetString());
    }

    [Theory]
    [InlineData("", "month")]
    [InlineData("?month=2026-13", "month")]
    [InlineData("?month=2026-5", "month")]
    [InlineData("?month=202605", "month")]
    [InlineData("?month=2026-05&format=xlsx", "format")]
    public async Task a_malformed_query_is_refused_naming_the_parameter(string query, string parameter)
    {
        var tenant = NewTenant();
        var staff = server.CreateClient(await TokenAsync(server.AdminClient(), tenant, "reception_staff", Facility));

        var response = await staff.GetAsync(Export(tenant, Facility, query));

        AssertProblem(response, 400);
        var problem = await response.JsonAsync();
        Assert.Equal(parameter, problem.GetProperty("field").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _));
    }
}
