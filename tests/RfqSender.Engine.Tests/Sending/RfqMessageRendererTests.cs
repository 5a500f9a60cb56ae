using RfqSender.Engine.Messages;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Tests.Messages;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Tests.Sending;

/// <summary>A preview is the message a send writes, byte for byte, and a test message is recognisably not the vendor's.</summary>
public sealed class RfqMessageRendererTests : IDisposable
{
    private static readonly DateTimeOffset Date = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly SendFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static Engine.Vendors.Vendor Acme => TestVendors.Create("acme", "Acme GmbH", "Anna Berg <sales@acme.example>", "copy@acme.example");

    [Fact]
    public async Task The_preview_file_is_byte_for_byte_the_file_a_send_writes_to_the_pickup_folder()
    {
        var renderer = RfqMessageRenderer.Create(_fixture.Rfq);
        var previewPath = Path.Combine(_fixture.Folder, "preview.eml");
        var preview = renderer.Preview(Acme, Date, previewPath);

        var pickup = new PickupFolderTransport(Path.Combine(_fixture.Folder, "outbox"));
        var session = RfqSendSession.Create(_fixture.Rfq, _fixture.Store, pickup, new SendOptions { Owner = "t", RetryCount = 0 }, clock: _fixture.Clock);
        var results = await _fixture.SendAsync(session, new[] { Acme });

        Assert.Equal(SendAction.Sent, Assert.Single(results).Action);
        Assert.Equal(File.ReadAllBytes(results[0].Detail!), File.ReadAllBytes(previewPath));
        Assert.Equal(results[0].MessageId, preview.MessageId);
        Assert.Equal(new FileInfo(previewPath).Length, preview.Size);
        Assert.Equal(previewPath, preview.Path);
    }

    [Fact]
    public async Task The_preview_object_holds_the_headers_bodies_and_attachment_sizes_and_the_store_is_not_touched()
    {
        var spec = Path.Combine(_fixture.Folder, "spec.pdf");
        File.WriteAllBytes(spec, new byte[1234]);
        var rfq = new Engine.Rfqs.Rfq(
            "RFQ-P-1", "Copper", _fixture.Rfq.DueDate, _fixture.Rfq.From, MailboxAddress.Parse("replies@contoso.example"),
            "RFQ {{Rfq.Number}} for {{Vendor.Name}}", "Dear {{Contact.Name}}", "<p>Dear {{Contact.Name}}</p>", _fixture.Rfq.Items,
            new[] { new Engine.Rfqs.RfqAttachment(spec, "spec.pdf") });

        var message = RfqMessageRenderer.Create(rfq).Preview(Acme, Date);

        Assert.Equal("RFQ RFQ-P-1 for Acme GmbH", message.Subject);
        Assert.Equal("Purchasing <purchasing@contoso.example>", message.From);
        Assert.Equal("Anna Berg <sales@acme.example>", message.To);
        Assert.Equal("copy@acme.example", message.Cc);
        Assert.Equal("replies@contoso.example", message.ReplyTo);
        Assert.Equal(MessageIdFactory.Create("RFQ-P-1", "acme", rfq.From), message.MessageId);
        Assert.Equal("Dear Anna Berg", message.TextBody);
        Assert.Equal("<p>Dear Anna Berg</p>", message.HtmlBody);
        var attachment = Assert.Single(message.Attachments);
        Assert.Equal(("spec.pdf", "application/pdf", 1234L), (attachment.FileName, attachment.ContentType, attachment.Size));
        Assert.Contains("X-RFQ-Number: RFQ-P-1", message.Headers);
        Assert.Null(message.Path);
        Assert.Empty(await _fixture.Store.GetCampaignsAsync(null, CancellationToken.None));
    }

    [Fact]
    public void A_folder_as_path_gets_the_file_name_the_pickup_folder_gives()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_fixture.Folder, "previews")).FullName;

        var message = RfqMessageRenderer.Create(_fixture.Rfq).Preview(Acme, Date, folder);

        Assert.Equal(Path.Combine(folder, "RFQ-T-1 - Acme GmbH [acme].eml"), message.Path);
        var parsed = PythonEmailReader.Read(message.Path!);
        Assert.Equal("RFQ RFQ-T-1 for Acme GmbH", parsed.Subject);
        Assert.Empty(parsed.Defects);
    }

    [Fact]
    public void A_vendor_the_templates_cannot_render_is_a_template_error()
    {
        var rfq = SendFixture.CreateRfq(body: "Hello {{Vendor.Region}}");

        var error = Assert.Throws<TemplateFieldException>(() => RfqMessageRenderer.Create(rfq).Preview(Acme, Date));

        Assert.Contains("Region", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_message_goes_only_to_the_test_recipients_is_marked_and_has_a_message_id_no_delivery_has()
    {
        var renderer = RfqMessageRenderer.Create(_fixture.Rfq);
        var me = MailboxAddress.Parse("me@contoso.example");

        var real = renderer.Compose(Acme, Date);
        var test = renderer.ComposeTest(Acme, new[] { me }, Date);
        var again = renderer.ComposeTest(Acme, new[] { me }, Date);

        Assert.Equal(new[] { me }, test.To);
        Assert.Empty(test.Cc);
        Assert.Equal(new[] { me }, test.Recipients);
        Assert.Equal("[TEST] " + real.Subject, test.Subject);
        Assert.Equal(real.TextBody, test.TextBody);
        Assert.Contains(new KeyValuePair<string, string>("X-RfqSender-Test", "1"), test.ExtraHeaders);
        Assert.Contains(test.ExtraHeaders, h => h.Key == "X-RfqSender-Test-Vendor" && h.Value.Contains("sales@acme.example", StringComparison.Ordinal) && h.Value.Contains("copy@acme.example", StringComparison.Ordinal));
        Assert.NotEqual(real.MessageId, test.MessageId);
        Assert.NotEqual(test.MessageId, again.MessageId);
        Assert.False(MessageIdFactory.TryParse(test.MessageId, out _, out _), "a test's Message-ID must not read as a delivery's");
        Assert.False(MessageIdFactory.Matches(test.MessageId, _fixture.Rfq.Number, "acme"));
        Assert.StartsWith("[TEST] ", test.Label, StringComparison.Ordinal);
    }
}
