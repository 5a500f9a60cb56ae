using RfqSender.Engine.Operations;
using RfqSender.Engine.Reporting;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Rfqs;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Reporting;

/// <summary>
/// The examples end to end: examples/rfq.yaml sent to examples/vendors.csv (on the morning of 23 November 2026,
/// by a manual clock), examples/replies read, the report written and rendered. Keeps examples/replies/README.md
/// true, and makes the picture of the report in the README (TestResults/screenshots/report-examples.png).
/// </summary>
public sealed class ExampleReportTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public async Task The_example_campaign_and_its_example_replies_make_the_report_the_readme_shows()
    {
        HeadlessChromium.Require();
        var examples = Path.Combine(TestRfqs.RepoRoot(), "examples");
        var settings = StoreSettings.Sqlite(_temp.Combine("rfq.db"));
        var rfq = RfqFileLoader.Load(Path.Combine(examples, "rfq.yaml"));
        var vendors = VendorFileReader.Read(Path.Combine(examples, "vendors.csv")).Vendors;
        using (var store = DeliveryStoreFactory.Open(settings, create: true))
        {
            var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
            var session = RfqSendSession.Create(PreparedRfq.Prepare(rfq), store, new IMessageTransport[] { new PickupFolderTransport(_temp.Combine("outbox")) }, clock);
            await session.SendVendorsAsync(vendors, _ => { }, CancellationToken.None);
        }

        using var runtime = RfqRuntime.ForStore(settings);
        var read = await runtime.ReceiveRepliesAsync(ReplySourceSettings.FromFolder(Path.Combine(examples, "replies")), new ReceiveOptions { KeepFiles = false }, null, CancellationToken.None);
        var report = await runtime.GetReportAsync(rfq.Number, CancellationToken.None);

        Assert.Equal((9, 7, 1, 1, 0), (read.Recorded, read.Replies, read.Bounces, read.AutoReplies, read.Unmatched));
        var away = DateTime.UtcNow.Date <= new DateTime(2026, 12, 20) ? 1 : 0;
        Assert.Equal((vendors.Count, 7, 1, away, vendors.Count - 9 + 1 - away), (report.Totals.Vendors, report.Totals.Answered, report.Totals.Bounced, report.Totals.Away, report.Totals.Silent));
        Assert.Equal(5, report.Vendors.Where(v => v.Status == VendorStatus.Answered).Sum(v => v.Attachments));
        Assert.Equal(new TimeSpan(2, 2, 20, 0), report.MedianTimeToAnswer);
        Assert.Equal("Bounced 5.1.1 quotes@netwholesale.example.org: 550 5.1.1 <quotes@netwholesale.example.org>: Recipient address rejected: User unknown", report.Vendors.Single(v => v.VendorKey == "V023").Detail);

        var page = _temp.Combine("report.html");
        using (var file = File.Create(page))
        {
            CampaignReportWriter.Write(report, ReportFormat.Html, file);
        }

        var png = _temp.Combine("report.png");
        HeadlessChromium.Screenshot(page, png, 1200, 1500);
        Assert.True(new FileInfo(png).Length > 20_000, "the screenshot shows a page");
        KeepArtefact(png, "report-examples.png");
    }

    private static void KeepArtefact(string file, string name)
    {
        var target = Path.Combine(TestRfqs.RepoRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(target);
        File.Copy(file, Path.Combine(target, name), overwrite: true);
    }
}
