using System.Globalization;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Responses;

namespace RfqSender.Engine.Tests.Responses;

/// <summary>Every message of the corpus through the classifier and the matcher, compared with the oracle.</summary>
public sealed class ResponseCorpusTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var c in ResponseCorpus.Cases)
        {
            data.Add(c.GetProperty("file").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Message_is_classified_as_the_oracle_says(string file)
    {
        var expected = ResponseCorpus.Case(file);
        var message = ResponseCorpus.Load(file);

        var classification = ReplyClassifier.Classify(message);

        Assert.Equal(expected.GetProperty("kind").GetString(), classification.Kind.ToString());
        if (classification.Kind == ReplyKind.AutoReply)
        {
            Assert.Equal(expected.GetProperty("outOfOffice").GetBoolean(), classification.IsOutOfOffice);
            Assert.Equal(ResponseCorpus.Text(expected, "awayUntil"), classification.AwayUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        else
        {
            Assert.False(classification.IsOutOfOffice);
            Assert.Null(classification.AwayUntil);
        }

        if (expected.TryGetProperty("bounce", out var bounce))
        {
            var report = Assert.IsType<DeliveryStatusReport>(classification.Bounce);
            Assert.Equal(bounce.GetProperty("severity").GetString(), report.Severity.ToString());
            Assert.Equal(bounce.GetProperty("source").GetString(), report.Source.ToString());
            var recipient = Assert.IsType<DeliveryStatusRecipient>(report.MostSevere);
            Assert.Equal(bounce.GetProperty("status").GetString(), recipient.Status);
            Assert.Equal(bounce.GetProperty("recipient").GetString(), recipient.FinalRecipient, ignoreCase: true);
            Assert.False(string.IsNullOrWhiteSpace(recipient.DiagnosticCode));
            if (expected.GetProperty("method").GetString() == nameof(ReplyMatchMethod.MessageId))
            {
                Assert.StartsWith("rfq.", report.OriginalMessageId, StringComparison.Ordinal);
            }
        }
        else
        {
            Assert.Null(classification.Bounce);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Message_is_matched_as_the_oracle_says(string file)
    {
        var expected = ResponseCorpus.Case(file);
        var matcher = new ReplyMatcher(ResponseCorpus.Deliveries, ResponseCorpus.Options);

        var match = matcher.Match(ResponseCorpus.Load(file));

        Assert.Equal(expected.GetProperty("method").GetString(), match.Method.ToString());
        Assert.Equal(ResponseCorpus.Text(expected, "vendor"), match.Delivery?.VendorKey);
        Assert.False(string.IsNullOrWhiteSpace(match.Reason));
        Assert.Equal(match.Method == ReplyMatchMethod.SenderDomain, match.IsWeak);
        if (ResponseCorpus.Text(expected, "reasonContains") is { } reason)
        {
            Assert.Contains(reason, match.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Attachments_and_new_text_are_as_the_oracle_says(string file)
    {
        var expected = ResponseCorpus.Case(file);
        var message = ResponseCorpus.Load(file);

        var attachments = expected.GetProperty("attachments").EnumerateArray().ToList();
        Assert.Equal(attachments.Count, message.Attachments.Count);
        for (var i = 0; i < attachments.Count; i++)
        {
            var actual = message.Attachments[i];
            Assert.Equal(attachments[i].GetProperty("name").GetString(), actual.FileName);
            Assert.Equal(attachments[i].GetProperty("contentType").GetString(), actual.ContentType);
            Assert.Equal(attachments[i].GetProperty("size").GetInt64(), actual.Size);
            Assert.Equal(attachments[i].GetProperty("sha256").GetString(), actual.Sha256);
        }

        if (ResponseCorpus.Text(expected, "newText") is { } newText)
        {
            Assert.Equal(newText, QuotedTextStripper.Strip(message.TextBody));
        }
    }

    [Fact]
    public void Every_eml_file_has_a_case_and_every_case_a_file()
    {
        var files = Directory.GetFiles(ResponseCorpus.Folder, "*.eml").Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var cases = ResponseCorpus.Cases.Select(c => c.GetProperty("file").GetString()).OrderBy(f => f, StringComparer.Ordinal).ToList();

        Assert.Equal(cases, files);
        Assert.True(files.Count >= 30);
    }

    [Fact]
    public void The_oracles_ids_and_tokens_are_the_ones_the_engine_makes()
    {
        var rfq = ResponseCorpus.Root.GetProperty("rfqNumber").GetString()!;
        var from = MailboxAddress.Parse(ResponseCorpus.Root.GetProperty("from").GetString()!);
        foreach (var delivery in ResponseCorpus.Deliveries)
        {
            Assert.Equal(MessageIdFactory.Create(rfq, delivery.VendorKey, from), delivery.MessageId);
            Assert.Equal(DeliveryReference.Create(delivery.DeliveryId, ResponseCorpus.Secret).Text, delivery.Reference);
        }
    }

    [Fact]
    public void Every_kind_and_every_match_method_the_matcher_uses_occurs_in_the_corpus()
    {
        var kinds = ResponseCorpus.Cases.Select(c => c.GetProperty("kind").GetString()).ToHashSet();
        var methods = ResponseCorpus.Cases.Select(c => c.GetProperty("method").GetString()).ToHashSet();

        Assert.All(Enum.GetNames(typeof(ReplyKind)), k => Assert.Contains(k, kinds));
        // Assigned is a person's, never the matcher's.
        Assert.All(Enum.GetNames(typeof(ReplyMatchMethod)).Where(m => m != nameof(ReplyMatchMethod.Assigned)), m => Assert.Contains(m, methods));
    }

    [Fact]
    public void A_saved_quote_has_the_bytes_and_hash_the_message_carried()
    {
        using var folder = new Support.TestFolder();
        var attachment = ResponseCorpus.Load("14-gmail-reply-xlsx-quote.eml").Attachments.Single();
        var path = folder.Combine("quotes", "RFQ-2026-114", "V-WWI", attachment.SafeFileName);

        attachment.SaveTo(path);

        using var sha = System.Security.Cryptography.SHA256.Create();
        Assert.Equal(attachment.Sha256, InboundAttachment.ToHex(sha.ComputeHash(File.ReadAllBytes(path))));
        Assert.Equal(attachment.ToArray(), File.ReadAllBytes(path));
        Assert.Throws<IOException>(() => attachment.SaveTo(path));
    }

    [Fact]
    public void Threading_headers_and_addresses_are_read()
    {
        var message = ResponseCorpus.Load("01-outlook-desktop-reply.eml");

        Assert.Equal("AM9PR04MB8321A7F0C1D2E3B4A5968778D1E2A@AM9PR04MB8321.eurprd04.prod.outlook.com", message.MessageId);
        Assert.Equal("rfq.b9bfb4698b47577b.16207e67d36783c1@contoso.com", message.InReplyTo);
        Assert.Equal(new[] { "rfq.b9bfb4698b47577b.16207e67d36783c1@contoso.com" }, message.References);
        Assert.Equal("sales@northwind.example", message.From!.Address);
        Assert.Equal("Sarah Jones", message.From.Name);
        Assert.Equal("northwind.example", message.From.Domain);
        Assert.Equal("rfq-replies@contoso.com", Assert.Single(message.To).Address);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 14, 1, TimeSpan.Zero), message.Date);
        Assert.Equal("AQHbRf3kUo8xT0mI7Eif1mZt0e5lc7Kc1A2AgAAOx5A=", message.Header("thread-index"));
        Assert.Equal("multipart/alternative", message.ContentType);
        Assert.False(message.TextFromHtml);
    }

    [Fact]
    public void Exchange_and_list_headers_are_read()
    {
        var ooo = ResponseCorpus.Load("22-exchange-ooo-german.eml");
        var list = ResponseCorpus.Load("26-mailing-list.eml");
        var dsn = ResponseCorpus.Load("18-postfix-dsn-user-unknown.eml");

        Assert.StartsWith("Automatische Antwort: RFQ RFQ-2026-114", ooo.Subject, StringComparison.Ordinal);
        Assert.Equal("auto-generated", ooo.AutoResponse.AutoSubmitted);
        Assert.Equal("All", ooo.AutoResponse.AutoResponseSuppress);
        Assert.Equal("m.keller@graphicdesign.de", ooo.AutoResponse.ExchangeInboxRulesLoop);
        Assert.Equal("Mailbox Rules Agent", ooo.AutoResponse.ExchangeGeneratedMessageSource);
        Assert.Contains("Cable industry news", list.AutoResponse.ListId, StringComparison.Ordinal);
        Assert.Equal("list", list.AutoResponse.Precedence);
        Assert.True(dsn.AutoResponse.HasNullReturnPath);
        Assert.Equal(new[] { "purchasing@contoso.com", "purchasing@contoso.com" }, dsn.DeliveredTo);
    }
}
