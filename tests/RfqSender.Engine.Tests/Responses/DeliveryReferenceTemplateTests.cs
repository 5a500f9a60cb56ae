using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Tests.Responses;

/// <summary>
/// <c>{{Delivery.Reference}}</c>: a sent subject carries each delivery's token, signed with the store's
/// secret; a reply that keeps only the subject (no threading headers, from an address the vendor was
/// never sent to) is matched by it; checks never call it empty; a preview renders it empty.
/// </summary>
public sealed class DeliveryReferenceTemplateTests : IDisposable
{
    private readonly SendFixture _fixture = new();

    public DeliveryReferenceTemplateTests()
    {
        var rfq = SendFixture.CreateRfq();
        _fixture.Rfq = new Rfq(rfq.Number, rfq.Title, rfq.DueDate, rfq.From, rfq.ReplyTo, "RFQ {{Rfq.Number}} [{{Delivery.Reference}}]", "Dear {{Vendor.Name}}, ref {{Delivery.Reference}}", null, rfq.Items, rfq.Attachments);
    }

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Each_sent_subject_carries_its_deliverys_token_and_a_reply_with_only_the_subject_is_matched_by_it()
    {
        var outbox = Path.Combine(_fixture.Folder, "outbox");
        await using (var transport = new PickupFolderTransport(outbox))
        {
            await _fixture.SendAsync(_fixture.Session(transport), TestVendors.Many(3));
        }

        var secret = await _fixture.Store.GetReferenceSecretAsync(DeliveryReference.CreateSecret(), CancellationToken.None);
        var deliveries = await _fixture.DeliveriesAsync();
        var sent = Directory.GetFiles(outbox, "*.eml").Select(f => InboundMessage.LoadFile(f)).ToList();
        Assert.Equal(3, sent.Count);
        foreach (var delivery in deliveries.Values)
        {
            var token = DeliveryReference.Create(delivery.Id, secret).Text;
            var message = sent.Single(m => m.To.Any(t => delivery.To.Contains(t.Address)));
            Assert.Equal($"RFQ RFQ-T-1 [{token}]", message.Subject);
            Assert.Contains("ref " + token, message.TextBody);
        }

        var second = deliveries["v0002"];
        var replies = Path.Combine(_fixture.Folder, "replies");
        Directory.CreateDirectory(replies);
        File.WriteAllText(Path.Combine(replies, "reply.eml"), string.Join("\r\n",
            "From: Someone <someone.private@gmail.com>",
            "To: purchasing@contoso.example",
            "Subject: AW: RFQ RFQ-T-1 [" + DeliveryReference.Create(second.Id, secret).Text + "]",
            "Message-ID: <private-1@gmail.com>",
            "Date: Tue, 24 Nov 2026 10:00:00 +0100",
            string.Empty,
            "Our price: EUR 12.",
            string.Empty));

        await new ReplyReceiver(_fixture.Store, new ReceiveOptions { KeepFiles = false }).ReceiveAsync(new FolderReplySource(replies), null, CancellationToken.None);

        var record = (await _fixture.Store.GetInboundAsync(new InboundQuery(), CancellationToken.None)).Single();
        Assert.Equal(("v0002", ReplyMatchMethod.ReferenceToken), (record.VendorKey, record.MatchMethod));
        Assert.Equal(DeliveryState.Responded, (await _fixture.DeliveriesAsync())["v0002"].State);
    }

    [Fact]
    public void A_check_knows_the_field_and_never_finds_it_empty_and_a_preview_renders_it_empty()
    {
        var templates = Engine.Templates.RfqTemplates.From(_fixture.Rfq);
        var vendor = TestVendors.Many(1)[0];

        Assert.Empty(templates.CheckRfq());
        Assert.Empty(templates.Check(vendor));
        Assert.Empty(templates.FindEmptyFields(vendor));
        var preview = RfqMessageRenderer.Create(_fixture.Rfq).Compose(vendor, SendFixture.Start);
        Assert.Equal("RFQ RFQ-T-1 []", preview.Subject);
    }
}
