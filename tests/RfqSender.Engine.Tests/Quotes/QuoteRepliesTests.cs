using MimeKit;
using RfqSender.Engine.Documents.QuoteSheets;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Quotes;
using RfqSender.Engine.Reporting;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Tests.Documents.QuoteSheets;
using RfqSender.Engine.Tests.Rfqs;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Quotes;

/// <summary>
/// Quote sheets coming back: replies carrying filled sheets (one of them the sheet of another vendor) read from a
/// folder into the store, listed, compared, exported and shown in the report; a second read adds nothing.
/// </summary>
public sealed class QuoteRepliesTests : IDisposable
{
    private static readonly DateTimeOffset SentAt = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private StoreSettings Store => StoreSettings.Sqlite(_temp.Combine("data", "rfq.db"));

    private async Task<(byte[] Secret, IReadOnlyList<DeliveryRecord> Deliveries)> SentCampaignAsync()
    {
        using var store = DeliveryStoreFactory.Open(Store, create: true);
        await store.RegisterCampaignAsync(TestRfqs.Rfq(), CancellationToken.None);
        var vendors = new[] { TestVendors.Create("V1", "Acme Kabel GmbH", "sales@acme.example"), TestVendors.Create("V2", "Beta Draht AG", "quotes@beta.example") };
        await store.RegisterVendorsAsync(TestRfqs.Rfq().Number, vendors, v => $"rfq.{v.Key}@contoso.example", CancellationToken.None);
        foreach (var claimed in await store.ClaimAsync(new ClaimRequest(TestRfqs.Rfq().Number, "sender", 10, TimeSpan.FromMinutes(5), SentAt), CancellationToken.None))
        {
            await store.CompleteAsync(new DeliveryCompletion(claimed.Record.Id, "sender", DeliveryState.Sent, "250 2.0.0 Ok", SentAt), CancellationToken.None);
        }

        var secret = await store.GetReferenceSecretAsync(DeliveryReference.CreateSecret(), CancellationToken.None);
        return (secret, await store.GetDeliveriesAsync(new DeliveryQuery(TestRfqs.Rfq().Number), CancellationToken.None));
    }

    private string Filled(byte[] secret, string vendorKey, string vendorName, double price1, double price2)
    {
        var blank = _temp.Write($"blank-{vendorKey}.xlsx", new QuoteSheetWriter(secret).Create(TestRfqs.Rfq(), vendorKey, vendorName, QuoteSheetFormat.Xlsx));
        return OpenpyxlWorkbook.Edit(
            blank,
            _temp.Combine($"filled-{vendorKey}.xlsx"),
            new { op = "set", cell = "F9", value = price1 },
            new { op = "set", cell = "G9", value = "EUR" },
            new { op = "set", cell = "H9", value = 10 },
            new { op = "set", cell = "F10", value = price2 },
            new { op = "set", cell = "G10", value = "EUR" });
    }

    private void Reply(string folder, DeliveryRecord to, string sheet, int hour, string name = "RFQ-2026-114 quote.xlsx")
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(to.To[0]));
        message.To.Add(MailboxAddress.Parse("purchasing@contoso.example"));
        message.Subject = "RE: RFQ " + to.RfqNumber;
        message.MessageId = $"reply.{to.VendorKey}.{hour}@vendor.example";
        message.InReplyTo = to.MessageId;
        message.Date = SentAt.AddHours(hour);
        var body = new BodyBuilder { TextBody = "Please find our quote attached." };
        body.Attachments.Add(name, File.ReadAllBytes(sheet));
        message.Body = body.ToMessageBody();
        Directory.CreateDirectory(folder);
        message.WriteTo(Path.Combine(folder, $"{to.VendorKey}-{hour}.eml"));
    }

    [SkippableFact]
    public async Task Filled_sheets_become_quote_lines_a_wrong_one_waits_for_review_and_both_reach_the_comparison_and_report()
    {
        OpenpyxlWorkbook.Require();
        var (secret, deliveries) = await SentCampaignAsync();
        var v1 = deliveries.Single(d => d.VendorKey == "V1");
        var v2 = deliveries.Single(d => d.VendorKey == "V2");
        var mailbox = _temp.Combine("mailbox");
        Reply(mailbox, v1, Filled(secret, "V1", "Acme Kabel GmbH", 12.5, 3.1), 2);
        Reply(mailbox, v2, Filled(secret, "V1", "Acme Kabel GmbH", 11.0, 3.4), 3);
        using var runtime = RfqRuntime.ForStore(Store);
        var options = new ReceiveOptions { QuotesFolder = _temp.Combine("quotes") };

        var result = await runtime.ReceiveRepliesAsync(ReplySourceSettings.FromFolder(mailbox), options, null, CancellationToken.None);
        var again = await runtime.ReceiveRepliesAsync(ReplySourceSettings.FromFolder(mailbox), options, null, CancellationToken.None);

        Assert.Equal((2, 1, 1), (result.Recorded, result.Quotes, result.QuotesForReview));
        Assert.Equal((0, 0, 0), (again.Recorded, again.Quotes, again.QuotesForReview));
        var quotes = await runtime.GetQuotesAsync(new QuoteQuery(v1.RfqNumber), CancellationToken.None);
        Assert.Equal(2, quotes.Count);
        var accepted = quotes.Single(q => q.VendorKey == "V1");
        Assert.Equal(QuoteStatus.Accepted, accepted.Status);
        Assert.Equal(new decimal?[] { 12.5m, 3.1m }, accepted.Lines.Select(l => l.UnitPrice));
        Assert.Equal(10, accepted.Lines[0].LeadTimeDays);
        Assert.True(File.Exists(accepted.SavedPath), "the sheet is kept under the quotes folder");
        var wrong = quotes.Single(q => q.VendorKey == "V2");
        Assert.Equal(QuoteStatus.NeedsReview, wrong.Status);
        Assert.Contains(wrong.Problems, p => p.StartsWith("Quote!B6", StringComparison.Ordinal) && p.Contains("another vendor", StringComparison.Ordinal));

        var comparison = await runtime.GetQuoteComparisonAsync(v1.RfqNumber, CancellationToken.None);
        Assert.Equal(new[] { "V1" }, comparison.Vendors.Select(v => v.VendorKey));
        Assert.Equal(new[] { "V2" }, comparison.NeedsReview.Select(q => q.VendorKey));
        Assert.All(comparison.Items, i => Assert.True(i.Cells[0].IsLowest));
        var workbook = await runtime.ExportQuoteComparisonAsync(v1.RfqNumber, _temp.Combine("comparison.xlsx"), false, CancellationToken.None);
        var cells = OpenpyxlWorkbook.Describe(workbook).GetProperty("sheets")[0].GetProperty("cells");
        Assert.Equal(12.5, cells.GetProperty("F4").GetProperty("value").GetDouble());

        var report = await runtime.GetReportAsync(v1.RfqNumber, CancellationToken.None);
        Assert.Equal("2 of 2 items", report.Vendors.Single(v => v.VendorKey == "V1").Quote);
        Assert.Equal("needs review", report.Vendors.Single(v => v.VendorKey == "V2").Quote);
        using var html = new StringWriter();
        CampaignReportWriter.Write(report, ReportFormat.Html, html);
        Assert.Contains("<section id=\"quotes\">", html.ToString(), StringComparison.Ordinal);
        Assert.Contains("data-lowest=\"true\"><mark>12.50 EUR</mark>", html.ToString(), StringComparison.Ordinal);
        Assert.Contains("Beta Draht AG</strong>", html.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_without_a_quote_sheet_records_no_quote_and_the_report_has_no_quote_section()
    {
        var (_, deliveries) = await SentCampaignAsync();
        var pdf = _temp.Write("Quotation.pdf", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2d });
        var ownList = _temp.Write("pricelist.csv", "Article,Price\r\nCU-3x2.5,12.00\r\n");
        var mailbox = _temp.Combine("mailbox");
        Reply(mailbox, deliveries[0], pdf, 2, "Quotation.pdf");
        Reply(mailbox, deliveries[1], ownList, 3, "pricelist.csv");
        using var runtime = RfqRuntime.ForStore(Store);

        var result = await runtime.ReceiveRepliesAsync(ReplySourceSettings.FromFolder(mailbox), new ReceiveOptions { KeepFiles = false }, null, CancellationToken.None);

        Assert.Equal((2, 2, 0, 0), (result.Recorded, result.Replies, result.Quotes, result.QuotesForReview));
        Assert.Empty(await runtime.GetQuotesAsync(new QuoteQuery(deliveries[0].RfqNumber), CancellationToken.None));
        Assert.Null((await runtime.GetReportAsync(deliveries[0].RfqNumber, CancellationToken.None)).Quotes);
        await Assert.ThrowsAsync<CampaignNotFoundException>(() => runtime.GetQuotesAsync(new QuoteQuery("RFQ-NOPE"), CancellationToken.None));
    }
}
