using System.Text.RegularExpressions;
using RfqSender.Engine.Reporting;
using RfqSender.Engine.Tests.Responses;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Reporting;

/// <summary>The report as a buyer sees it: rendered in headless Chromium, with the store's figures on the page; and printed.</summary>
public sealed class ReportInChromiumTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public async Task The_report_renders_with_the_stores_figures_and_prints()
    {
        HeadlessChromium.Require();
        ReportChecker.Require();
        var settings = StoreSettings.Sqlite(_temp.Combine("data", "rfq.db"));
        using var runtime = await CampaignReportExportTests.AnsweredCampaignAsync(_temp, settings);
        var page = await runtime.ExportReportAsync(CorpusCampaign.RfqNumber, _temp.Combine("report.html"), ReportFormat.Html, false, CancellationToken.None);
        var summary = (await runtime.GetSummaryAsync(CorpusCampaign.RfqNumber, CancellationToken.None))[0];

        var dom = HeadlessChromium.DumpDom(page);
        string Shown(string metric) => Regex.Match(dom, $"data-metric=\"{metric}\">([^<]*)<").Groups[1].Value;
        Assert.Equal(summary.Total.ToString(System.Globalization.CultureInfo.InvariantCulture), Shown("vendors"));
        Assert.Equal(summary.Responded.ToString(System.Globalization.CultureInfo.InvariantCulture), Shown("answered"));
        Assert.Equal(summary.Bounced.ToString(System.Globalization.CultureInfo.InvariantCulture), Shown("bounced"));
        Assert.Equal(summary.Away.ToString(System.Globalization.CultureInfo.InvariantCulture), Shown("away"));
        Assert.Equal(summary.Total, Regex.Matches(dom, "<tr data-vendor=").Count);

        var png = _temp.Combine("report.png");
        HeadlessChromium.Screenshot(page, png);
        var shot = ReportChecker.Png(png);
        Assert.Equal(1200, shot.GetProperty("width").GetInt32());
        Assert.True(shot.GetProperty("colours").GetInt32() > 20, "the page shows more than a few colours: " + shot);
        Assert.InRange(shot.GetProperty("ink").GetDouble(), 0.02, 0.9);
        KeepArtefact(png, "report-corpus.png");

        var pdf = _temp.Combine("report.pdf");
        HeadlessChromium.PrintToPdf(page, pdf);
        var printed = File.ReadAllBytes(pdf);
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(printed, 0, 5));
        var pages = Regex.Matches(System.Text.Encoding.Latin1.GetString(printed), @"/Type\s*/Page\b").Count;
        Assert.True(pages >= 2, $"the report prints on {pages} page(s)");
    }

    /// <summary>Keeps a screenshot under TestResults/screenshots of the repository (CI's artefacts), when that folder can be found.</summary>
    private static void KeepArtefact(string file, string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RfqSender.sln")))
            {
                var target = Path.Combine(dir.FullName, "TestResults", "screenshots");
                Directory.CreateDirectory(target);
                File.Copy(file, Path.Combine(target, name), overwrite: true);
                return;
            }
        }
    }
}
