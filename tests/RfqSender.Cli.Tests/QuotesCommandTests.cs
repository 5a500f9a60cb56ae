using System.Text;
using System.Text.Json;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

/// <summary>
/// <c>rfq quotes</c>: an RFQ with <c>quoteSheet: csv</c> sent by rfq to a pickup folder, each vendor's sheet taken from its
/// message, filled in and mailed back (one with a word in a price cell), read by <c>rfq replies receive</c>, then listed.
/// </summary>
public sealed class QuotesCommandTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Store => _folder.Combine("rfq.db");

    private void SendAndAnswer()
    {
        var rfq = _folder.Write("rfq.yaml", """
            number: RFQ-Q-2
            title: Cable glands
            dueDate: 2026-12-20T17:00:00+01:00
            from: "Purchasing <purchasing@contoso.com>"
            subject: "RFQ {{Rfq.Number}}"
            body: "Please quote on the sheet attached."
            quoteSheet: csv
            items:
              - { part: GL-16, description: Cable gland M16, quantity: 500, unit: pc }
            """);
        var vendors = _folder.Write("vendors.csv", "Key,Name,Email\nA,Alpha Ltd,sales@alpha.example\nB,Beta AB,sales@beta.example\nC,Gamma SA,sales@gamma.example\n");
        var send = CliRun.Invoke("send", rfq, "--vendors", vendors, "--store", Store, "--pickup", _folder.Combine("outbox"));
        Assert.True(send.ExitCode == ExitCodes.Success, send.ToString());
        var prices = new Dictionary<string, string> { ["sales@alpha.example"] = "2.10", ["sales@beta.example"] = "1.95", ["sales@gamma.example"] = "ask us" };
        Directory.CreateDirectory(_folder.Combine("replies"));
        foreach (var path in Directory.GetFiles(_folder.Combine("outbox"), "*.eml"))
        {
            var sent = MimeKit.MimeMessage.Load(path);
            var to = sent.To.Mailboxes.Single().Address;
            var part = sent.Attachments.OfType<MimeKit.MimePart>().Single(p => p.FileName == "RFQ-Q-2 quote.csv");
            using var content = new MemoryStream();
            part.Content!.DecodeTo(content);
            var csv = Encoding.UTF8.GetString(content.ToArray()).Replace(",500,pc,,,,,", $",500,pc,{prices[to]},EUR,5,,", StringComparison.Ordinal);
            var reply = new MimeKit.MimeMessage();
            reply.From.Add(MimeKit.MailboxAddress.Parse(to));
            reply.To.Add(MimeKit.MailboxAddress.Parse("purchasing@contoso.com"));
            reply.Subject = "RE: " + sent.Subject;
            reply.InReplyTo = sent.MessageId;
            reply.MessageId = "answer." + to;
            var body = new MimeKit.BodyBuilder { TextBody = "See the sheet." };
            body.Attachments.Add("RFQ-Q-2 quote.csv", Encoding.UTF8.GetBytes(csv));
            reply.Body = body.ToMessageBody();
            reply.WriteTo(_folder.Combine("replies", to + ".eml"));
        }

        var read = CliRun.Invoke("replies", "receive", _folder.Combine("replies"), "--store", Store);
        Assert.True(read.ExitCode == ExitCodes.Success, read.ToString());
    }

    [Fact]
    public void Quotes_are_listed_as_json_csv_or_text_and_compared_in_a_workbook()
    {
        SendAndAnswer();

        var json = CliRun.Invoke("quotes", "RFQ-Q-2", "--json", "--store", Store);
        var csv = CliRun.Invoke("quotes", "RFQ-Q-2", "--csv", "--vendor", "b", "--store", Store);
        var text = CliRun.Invoke("quotes", "RFQ-Q-2", "--needs-review", "--store", Store);
        var book = CliRun.Invoke("quotes", "RFQ-Q-2", "--comparison", _folder.Combine("quotes.xlsx"), "--store", Store);

        Assert.True(json.ExitCode == ExitCodes.Success, json.ToString());
        var rows = json.OutputLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, rows.Count);
        var beta = rows.Single(r => r.GetProperty("vendorKey").GetString() == "B");
        Assert.Equal((1.95m, true), (beta.GetProperty("unitPrice").GetDecimal(), beta.GetProperty("isLowest").GetBoolean()));
        Assert.False(rows.Single(r => r.GetProperty("vendorKey").GetString() == "A").GetProperty("isLowest").GetBoolean());
        Assert.Equal("NeedsReview", rows.Single(r => r.GetProperty("vendorKey").GetString() == "C").GetProperty("status").GetString());
        Assert.Equal(2, csv.OutputLines.Count);
        Assert.StartsWith("RfqNumber,VendorKey,VendorName,Status,Line,Part", csv.OutputLines[0], StringComparison.Ordinal);
        Assert.Contains(",1.95,EUR,975.00,5,", csv.OutputLines[1], StringComparison.Ordinal);
        Assert.Contains("C  Gamma SA  needs review: RFQ-Q-2 quote.csv!F9", text.Output, StringComparison.Ordinal);
        Assert.Equal(_folder.Combine("quotes.xlsx"), book.OutputLines.Single());
        Assert.Equal(new byte[] { 0x50, 0x4B }, File.ReadAllBytes(_folder.Combine("quotes.xlsx")).Take(2));
    }

    [Fact]
    public void A_campaign_that_is_not_there_is_an_error_and_one_without_quotes_says_so()
    {
        SendAndAnswer();

        var unknown = CliRun.Invoke("quotes", "RFQ-NOPE", "--store", Store);
        var none = CliRun.Invoke("quotes", "RFQ-Q-2", "--vendor", "Z", "--store", Store);

        Assert.Equal(ExitCodes.InvalidInput, unknown.ExitCode);
        Assert.Contains("RFQ-NOPE", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, none.ExitCode);
        Assert.Contains("no quote sheet of RFQ-Q-2 came back yet from those vendors", none.Error, StringComparison.Ordinal);
    }
}
