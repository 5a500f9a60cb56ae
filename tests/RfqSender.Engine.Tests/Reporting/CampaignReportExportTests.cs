using System.Text.Json;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Reporting;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Tests.Responses;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Reporting;

/// <summary>
/// The report of the reply corpus's campaign (answers, bounces, out-of-office replies, unmatched mail) read
/// from a real store, written as HTML, CSV and JSON, and read back by independent code: the figures equal the
/// store's.
/// </summary>
public sealed class CampaignReportExportTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private StoreSettings Store => StoreSettings.Sqlite(_temp.Combine("data", "rfq.db"));

    /// <summary>The corpus campaign with every corpus message read into the store.</summary>
    internal static async Task<RfqRuntime> AnsweredCampaignAsync(TestFolder temp, StoreSettings settings)
    {
        using (var store = DeliveryStoreFactory.Open(settings, create: true))
        {
            await CorpusCampaign.SeedAsync(store);
        }

        var runtime = RfqRuntime.ForStore(settings);
        await runtime.ReceiveRepliesAsync(ReplySourceSettings.FromFolder(ResponseCorpus.Folder), new ReceiveOptions { KeepFiles = false }, null, CancellationToken.None);
        return runtime;
    }

    [SkippableFact]
    public async Task The_html_report_parses_strictly_loads_nothing_and_shows_the_stores_figures()
    {
        ReportChecker.Require();
        using var runtime = await AnsweredCampaignAsync(_temp, Store);
        var path = _temp.Combine("out", "report.html");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        var written = await runtime.ExportReportAsync(CorpusCampaign.RfqNumber, path, ReportFormat.Html, overwrite: false, CancellationToken.None);

        Assert.Equal(Path.GetFullPath(path), written);
        var page = ReportChecker.Html(path);
        var summary = (await runtime.GetSummaryAsync(CorpusCampaign.RfqNumber, CancellationToken.None))[0];
        var metrics = page.GetProperty("metrics");
        int Metric(string name) => int.Parse(metrics.GetProperty(name).GetString()!.Replace(",", string.Empty), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(summary.Total, Metric("vendors"));
        Assert.Equal(summary.Responded, Metric("answered"));
        Assert.Equal(summary.Bounced, Metric("bounced"));
        Assert.Equal(summary.Failed - summary.Bounced, Metric("failed"));
        Assert.Equal(summary.Away, Metric("away"));
        Assert.Equal(summary.InDoubt, Metric("in-doubt"));
        Assert.Equal(summary.Sent - summary.Away, Metric("silent"));
        Assert.True(summary.Responded > 0 && summary.Bounced > 0 && summary.Away > 0, "the corpus has answers, bounces and out-of-office replies");
        var reached = summary.Responded + summary.Sent;
        Assert.Equal((100.0 * summary.Responded / reached).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " %", metrics.GetProperty("response-rate").GetString());
        var unmatched = (await runtime.GetRepliesAsync(new InboundQuery { Matched = false }, CancellationToken.None)).Count;
        Assert.Equal(unmatched, Metric("unmatched"));

        var statuses = page.GetProperty("statuses");
        Assert.Equal(summary.Total, statuses.EnumerateObject().Sum(s => s.Value.GetInt32()));
        Assert.Equal(summary.Responded, statuses.GetProperty("Answered").GetInt32());
        Assert.Equal(0, page.GetProperty("tags").TryGetProperty("script", out var scripts) ? scripts.GetInt32() : 0);
        Assert.Empty(page.GetProperty("urls").EnumerateArray());
        Assert.True(page.GetProperty("tags").GetProperty("svg").GetInt32() >= 2, "the status bar and the timeline are drawn");
        Assert.StartsWith("RFQ " + CorpusCampaign.RfqNumber, page.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(new[] { "report.html" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [SkippableFact]
    public async Task The_csv_has_a_row_per_vendor_and_the_json_the_same_figures()
    {
        ReportChecker.Require();
        using var runtime = await AnsweredCampaignAsync(_temp, Store);
        var csv = await runtime.ExportReportAsync(CorpusCampaign.RfqNumber, _temp.Combine("report.csv"), ReportFormat.Csv, false, CancellationToken.None);
        var json = await runtime.ExportReportAsync(CorpusCampaign.RfqNumber, _temp.Combine("report.json"), ReportFormat.Json, false, CancellationToken.None);

        var deliveries = await runtime.OpenExistingStore().GetDeliveriesAsync(new DeliveryQuery(CorpusCampaign.RfqNumber), CancellationToken.None);
        var rows = ReportChecker.Csv(csv);
        Assert.Equal(CampaignReportWriter.CsvColumns, rows[0]);
        Assert.Equal(deliveries.Count, rows.Count - 1);
        var state = rows[0].ToList().IndexOf("State");
        var key = rows[0].ToList().IndexOf("VendorKey");
        Assert.Equal(
            deliveries.ToDictionary(d => d.VendorKey, d => d.State.ToString()),
            rows.Skip(1).ToDictionary(r => r[key], r => r[state]));

        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var totals = document.RootElement.GetProperty("totals");
        var summary = (await runtime.GetSummaryAsync(CorpusCampaign.RfqNumber, CancellationToken.None))[0];
        Assert.Equal(summary.Responded, totals.GetProperty("answered").GetInt32());
        Assert.Equal(summary.Bounced, totals.GetProperty("bounced").GetInt32());
        Assert.Equal(deliveries.Count, document.RootElement.GetProperty("vendors").GetArrayLength());
        Assert.Equal("Answered", document.RootElement.GetProperty("vendors")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_existing_file_is_kept_unless_replacing_is_allowed_and_a_missing_folder_is_named()
    {
        using var runtime = await AnsweredCampaignAsync(_temp, Store);
        var path = _temp.Combine("report.html");
        File.WriteAllText(path, "the buyer's own file");

        var kept = await Assert.ThrowsAsync<RfqSenderException>(() => runtime.ExportReportAsync(CorpusCampaign.RfqNumber, path, ReportFormat.Html, false, CancellationToken.None));
        Assert.Equal(FailureKind.InvalidInput, kept.Kind);
        Assert.Contains(path, kept.Message, StringComparison.Ordinal);
        Assert.Equal("the buyer's own file", File.ReadAllText(path));

        await runtime.ExportReportAsync(CorpusCampaign.RfqNumber, path, ReportFormat.Html, true, CancellationToken.None);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(path), StringComparison.Ordinal);

        var missing = _temp.Combine("no", "such", "folder", "report.html");
        var noFolder = await Assert.ThrowsAsync<RfqSenderException>(() => runtime.ExportReportAsync(CorpusCampaign.RfqNumber, missing, ReportFormat.Html, false, CancellationToken.None));
        Assert.Contains(missing, noFolder.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CampaignNotFoundException>(() => runtime.ExportReportAsync("RFQ-NOPE", _temp.Combine("nope.html"), ReportFormat.Html, false, CancellationToken.None));
        Assert.False(File.Exists(_temp.Combine("nope.html")));
        Assert.Empty(Directory.GetFiles(_temp.Path, "*.tmp"));
    }

    [Fact]
    public void Text_from_the_store_is_encoded_so_a_hostile_vendor_name_is_shown_not_run()
    {
        var report = new CampaignReport
        {
            RfqNumber = "RFQ-<b>",
            Title = "</title><script>alert(1)</script>",
            From = "a@b.test",
            Vendors = new[] { new ReportVendor { VendorKey = "\"><img src=x onerror=alert(1)>", VendorName = "<script>alert(2)</script>", Detail = "=cmd|' /C calc'!A0" } },
        };
        using var html = new StringWriter();
        using var csv = new StringWriter();

        CampaignReportWriter.Write(report, ReportFormat.Html, html);
        CampaignReportWriter.Write(report, ReportFormat.Csv, csv);

        Assert.DoesNotContain("<script", html.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(2)&lt;/script&gt;", html.ToString(), StringComparison.Ordinal);
        Assert.Contains("'=cmd", csv.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("r.csv", ReportFormat.Csv)]
    [InlineData("R.JSON", ReportFormat.Json)]
    [InlineData("r.html", ReportFormat.Html)]
    [InlineData("r", ReportFormat.Html)]
    public void The_format_follows_the_file_extension(string path, ReportFormat format) =>
        Assert.Equal(format, CampaignReportWriter.FormatOf(path));
}
