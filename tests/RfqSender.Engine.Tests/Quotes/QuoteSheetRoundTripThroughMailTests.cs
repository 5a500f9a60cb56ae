using System.Text;
using RfqSender.Engine.Documents.QuoteSheets;
using RfqSender.Engine.Quotes;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Tests.Quotes;

/// <summary>
/// quoteSheet: from the RFQ to the vendor and back: each vendor's message carries its own sheets, signed with the
/// store's secret; a vendor fills the CSV and replies; reading the reply makes quote lines of that delivery.
/// </summary>
public sealed class QuoteSheetRoundTripThroughMailTests
{
    [Fact]
    public async Task Each_vendor_gets_its_own_sheets_and_a_filled_one_sent_back_becomes_its_quote()
    {
        using var fixture = new SendFixture { Rfq = SendFixture.CreateRfq().WithQuoteSheets(QuoteSheetKinds.Both) };
        var outbox = Path.Combine(fixture.Folder, "outbox");
        var results = await fixture.SendAsync(fixture.Session(new PickupFolderTransport(outbox)), TestVendors.Many(2));
        Assert.All(results, r => Assert.Equal(DeliveryState.Sent, r.State));
        var secret = await fixture.Store.GetReferenceSecretAsync(DeliveryReference.CreateSecret(), CancellationToken.None);
        var deliveries = await fixture.DeliveriesAsync();

        var sent = Directory.GetFiles(outbox, "*.eml").Select(p => MimeKit.MimeMessage.Load(p)).ToDictionary(m => m.MessageId!);
        var first = sent[deliveries["v0001"].MessageId.Trim('<', '>')];
        var files = first.Attachments.OfType<MimeKit.MimePart>().ToDictionary(p => p.FileName!, p => Bytes(p));
        Assert.Equal(new[] { "RFQ-T-1 quote.csv", "RFQ-T-1 quote.xlsx" }, files.Keys.OrderBy(k => k, StringComparer.Ordinal));
        var reader = new QuoteSheetReader(secret);
        var check = reader.Read(new MemoryStream(files["RFQ-T-1 quote.xlsx"]), fixture.Rfq, "v0001");
        Assert.False(check.NeedsReview, string.Join("; ", check.Errors));
        Assert.Equal("v0001", check.Reference!.VendorKey);
        var other = sent[deliveries["v0002"].MessageId.Trim('<', '>')].Attachments.OfType<MimeKit.MimePart>().Single(p => p.FileName!.EndsWith(".csv", StringComparison.Ordinal));
        Assert.NotEqual(files["RFQ-T-1 quote.csv"], Bytes(other));

        var csv = Encoding.UTF8.GetString(files["RFQ-T-1 quote.csv"]);
        var filled = csv.Replace("40,drum,,,,,", "40,drum,12.5,EUR,7,2027-01-31,ex works", StringComparison.Ordinal);
        Assert.NotEqual(csv, filled);
        var mailbox = Path.Combine(fixture.Folder, "mailbox");
        Directory.CreateDirectory(mailbox);
        var reply = new MimeKit.MimeMessage();
        reply.From.Add(MimeKit.MailboxAddress.Parse("sales1@vendor1.example"));
        reply.To.Add(MimeKit.MailboxAddress.Parse("purchasing@contoso.example"));
        reply.Subject = "RE: " + first.Subject;
        reply.InReplyTo = first.MessageId;
        reply.MessageId = "answer.1@vendor1.example";
        var body = new MimeKit.BodyBuilder { TextBody = "Our prices are in the sheet." };
        body.Attachments.Add("RFQ-T-1 quote.csv", new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(filled.TrimStart('\uFEFF'))).ToArray());
        reply.Body = body.ToMessageBody();
        reply.WriteTo(Path.Combine(mailbox, "answer.eml"));

        var receipt = await new ReplyReceiver(fixture.Store, new ReceiveOptions { KeepFiles = false }).ReceiveAsync(new FolderReplySource(mailbox, false), null, CancellationToken.None);

        Assert.Equal((1, 1, 0), (receipt.Replies, receipt.Quotes, receipt.QuotesForReview));
        var quote = (await fixture.Store.GetQuotesAsync(new QuoteQuery("RFQ-T-1"), CancellationToken.None)).Single();
        Assert.Equal((deliveries["v0001"].Id, "v0001", QuoteStatus.Accepted), (quote.DeliveryId, quote.VendorKey, quote.Status));
        var line = quote.Lines.Single();
        Assert.Equal((12.5m, "EUR", 7, new DateTime(2027, 1, 31), "ex works"), (line.UnitPrice, line.Currency, line.LeadTimeDays, line.ValidUntil, line.Remarks));
    }

    [Fact]
    public void The_rfq_file_asks_for_quote_sheets_and_refuses_an_unknown_kind_or_an_rfq_without_items()
    {
        const string Head = "number: RFQ-Q-1\ntitle: T\ndueDate: 2026-12-15T17:00:00+01:00\nfrom: a@contoso.example\nsubject: S\nbody: B\n";
        const string Items = "items:\n  - { part: P-1, quantity: 2, unit: pc }\n";

        var both = RfqFileLoader.Parse(Head + Items + "quoteSheet: both\n", "rfq.yaml", ".");
        var none = RfqFileLoader.Parse(Head + Items, "rfq.yaml", ".");
        var unknown = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Parse(Head + Items + "quoteSheet: pdf\n", "rfq.yaml", "."));
        var noItems = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Parse(Head + "quoteSheet: xlsx\n", "rfq.yaml", "."));

        Assert.Equal(QuoteSheetKinds.Both, both.QuoteSheets);
        Assert.Equal(QuoteSheetKinds.None, none.QuoteSheets);
        Assert.Contains("'pdf' is not a quote sheet; give xlsx, csv, both or none", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("rfq.yaml:9", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("no items to quote", noItems.Message, StringComparison.Ordinal);
        Assert.Equal(QuoteSheetKinds.Both, RfqSnapshot.Deserialize(RfqSnapshot.Serialize(both)).QuoteSheets);
        Assert.Equal(QuoteSheetKinds.Xlsx, both.WithQuoteSheets(QuoteSheetKinds.Xlsx).WithFrom(RfqSender.Engine.Messages.MailboxAddress.Parse("b@contoso.example")).QuoteSheets);
        Assert.Equal(RfqFingerprint.Of(none, Array.Empty<RfqSender.Engine.Messages.EncodedAttachment>()).Text, RfqFingerprint.Of(none.WithQuoteSheets(QuoteSheetKinds.None), Array.Empty<RfqSender.Engine.Messages.EncodedAttachment>()).Text);
        Assert.Contains("quoteSheet", RfqFingerprint.Of(both, Array.Empty<RfqSender.Engine.Messages.EncodedAttachment>()).ChangedSince(RfqFingerprint.Of(none, Array.Empty<RfqSender.Engine.Messages.EncodedAttachment>()).Text));
        using var yaml = new StringWriter();
        RfqFileWriter.Write(both, yaml);
        Assert.Contains("quoteSheet: both", yaml.ToString(), StringComparison.Ordinal);
    }

    private static byte[] Bytes(MimeKit.MimePart part)
    {
        using var buffer = new MemoryStream();
        part.Content!.DecodeTo(buffer);
        return buffer.ToArray();
    }
}
