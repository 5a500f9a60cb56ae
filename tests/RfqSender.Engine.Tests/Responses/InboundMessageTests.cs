using RfqSender.Engine.Responses;

namespace RfqSender.Engine.Tests.Responses;

public sealed class InboundMessageTests
{
    [Fact]
    public void An_html_only_body_becomes_text_with_its_quote_marked()
    {
        var message = Eml.Parse("""
            From: Linda <quotes@litware.example>
            Subject: Re: RFQ
            MIME-Version: 1.0
            Content-Type: text/html; charset=utf-8

            <html><head><style>p { color: red; }</style><title>x</title></head><body>
            <p>Hi,</p><p>price&nbsp;is <b>USD&nbsp;201.50</b> &amp; valid.</p>
            <table><tr><td>Lot 1</td><td>40</td></tr></table>
            <div class="gmail_quote">On Wed, Dec 2, 2026 Purchasing wrote:<br>
            <blockquote>Dear vendor,<br>please quote.</blockquote></div>
            </body></html>
            """);

        Assert.True(message.TextFromHtml);
        Assert.Contains("price is USD 201.50 & valid.", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Lot 1\t40", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("> Dear vendor,", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("color", message.TextBody, StringComparison.Ordinal);
        Assert.Equal("Hi,\n\nprice is USD 201.50 & valid.\n\nLot 1\t40", QuotedTextStripper.Strip(message.TextBody));
    }

    [Fact]
    public void A_forwarded_message_attachment_and_inline_logo_are_attachments_with_names()
    {
        var message = Eml.Parse("""
            From: a@b.example
            Subject: FW: offer
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="m"

            --m
            Content-Type: multipart/related; boundary="r"

            --r
            Content-Type: text/html; charset=utf-8

            <p>See attached.<img src="cid:logo"></p>
            --r
            Content-Type: image/png
            Content-ID: <logo>
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --r--
            --m
            Content-Type: message/rfc822

            From: c@d.example
            Subject: Our offer
            Message-ID: <inner@d.example>

            Inner text.
            --m
            Content-Type: application/octet-stream; name="../../evil:name?.pdf"
            Content-Disposition: attachment; filename="../../evil:name?.pdf"
            Content-Transfer-Encoding: base64

            JVBERg==
            --m--
            """);

        Assert.Collection(
            message.Attachments,
            logo =>
            {
                Assert.Null(logo.FileName);
                Assert.Equal("attachment-1", logo.SafeFileName);
                Assert.True(logo.IsInline);
                Assert.Equal("image/png", logo.ContentType);
                Assert.Equal(8, logo.Size);
            },
            forwarded =>
            {
                Assert.Equal("Our offer.eml", forwarded.FileName);
                Assert.Equal("message/rfc822", forwarded.ContentType);
                Assert.False(forwarded.IsInline);
            },
            file =>
            {
                Assert.Equal("evil_name_.pdf", file.SafeFileName);
                Assert.Equal(4, file.Size);
                Assert.Equal("315d429b7714cedb6ad04ac31240145257692630457f3c88253c5beceac76027", file.Sha256);
            });
        Assert.Equal("See attached.", message.TextBody);
        Assert.Equal("inner@d.example", message.ReturnedMessageId);
    }

    [Fact]
    public void Missing_headers_read_as_empty_or_null()
    {
        var message = Eml.Parse("\nJust a body.\n");

        Assert.Null(message.MessageId);
        Assert.Null(message.InReplyTo);
        Assert.Empty(message.References);
        Assert.Null(message.From);
        Assert.Null(message.Date);
        Assert.Equal(string.Empty, message.Subject);
        Assert.Null(message.DeliveryReport);
    }

    [Fact]
    public void A_missing_file_is_an_engine_error_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "rfqsender-tests", Guid.NewGuid().ToString("N") + ".eml");

        var error = Assert.Throws<InboundMessageException>(() => InboundMessage.LoadFile(path));

        Assert.Equal(FailureKind.InvalidInput, error.Kind);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_stream_is_an_engine_error_naming_its_source()
    {
        using var empty = new MemoryStream();

        var error = Assert.Throws<InboundMessageException>(() => InboundMessage.Load(empty, "INBOX uid 42"));

        Assert.Equal("INBOX uid 42", error.SourceName);
        Assert.StartsWith("INBOX uid 42: ", error.Message, StringComparison.Ordinal);
    }
}
