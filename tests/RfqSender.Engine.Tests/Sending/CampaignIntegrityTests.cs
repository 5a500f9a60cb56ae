using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Tests.Sending;

/// <summary>
/// A campaign never looks finished while vendors of its input were never registered, and never
/// mails a changed RFQ under the same number without the user saying so.
/// </summary>
public sealed class CampaignIntegrityTests
{
    private static Rfq WithTitle(Rfq rfq, string title) => new(
        rfq.Number, title, rfq.DueDate, rfq.From, rfq.ReplyTo, rfq.SubjectTemplate, rfq.BodyTextTemplate, rfq.BodyHtmlTemplate, rfq.Items, rfq.Attachments);

    [Fact]
    public async Task A_whole_vendor_list_is_registered_before_the_first_message_and_a_stop_leaves_all_of_it_due()
    {
        using var fixture = new SendFixture();
        var vendors = TestVendors.Many(300);
        var batches = vendors.Chunk(50).Select(c => (IReadOnlyList<RfqSender.Engine.Vendors.Vendor>)c).ToList();
        var transport = new ScriptedTransport();
        var session = fixture.Session(transport);
        using var stop = new CancellationTokenSource();

        var registered = await session.RegisterAllAsync(batches, "test input", CancellationToken.None);
        var results = new List<DeliveryResult>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            foreach (var batch in batches)
            {
                await session.SendRegisteredVendorsAsync(batch, r => { results.Add(r); if (results.Count == 100) { stop.Cancel(); } }, stop.Token);
            }
        });

        Assert.Equal(300, registered);
        var deliveries = await fixture.DeliveriesAsync();
        Assert.Equal(300, deliveries.Count);
        Assert.Equal(100, deliveries.Values.Count(d => d.State == DeliveryState.Sent));
        Assert.Equal(200, deliveries.Values.Count(d => d.State == DeliveryState.Queued));
        var campaign = Assert.Single(await fixture.Store.GetCampaignsAsync(fixture.Rfq.Number, CancellationToken.None));
        Assert.Null(campaign.InputIncomplete);
    }

    [Fact]
    public async Task Input_stopped_while_it_is_registered_marks_the_campaign_incomplete_until_a_run_registers_all_of_it()
    {
        using var fixture = new SendFixture();
        var session = fixture.Session(new ScriptedTransport());
        await session.BeginInputAsync("Send-Rfq (pipeline input)", CancellationToken.None);
        await fixture.SendAsync(session, TestVendors.Many(100));

        var stopped = Assert.Single(await fixture.Store.GetCampaignsAsync(fixture.Rfq.Number, CancellationToken.None));
        Assert.NotNull(stopped.InputIncomplete);
        Assert.Contains("registered 100 vendor(s)", stopped.InputIncomplete);
        var summary = DeliverySummary.Build(fixture.Rfq.Number, Array.Empty<(string, DeliveryState, int)>(), stopped.Counts, stopped.InputIncomplete);
        Assert.False(summary[0].InputComplete);

        var again = fixture.Session(new ScriptedTransport());
        await again.BeginInputAsync("Send-Rfq (pipeline input)", CancellationToken.None);
        await fixture.SendAsync(again, TestVendors.Many(300));
        await again.CompleteInputAsync(CancellationToken.None);

        var complete = Assert.Single(await fixture.Store.GetCampaignsAsync(fixture.Rfq.Number, CancellationToken.None));
        Assert.Null(complete.InputIncomplete);
        Assert.Equal(300, complete.Counts[DeliveryState.Sent]);
    }

    [Fact]
    public async Task A_changed_rfq_is_refused_once_vendors_received_it_and_sends_nothing()
    {
        using var fixture = new SendFixture();
        var transport = new ScriptedTransport();
        await fixture.SendAsync(fixture.Session(transport), TestVendors.Many(3));
        fixture.Rfq = WithTitle(fixture.Rfq, "Copper cable, 4 lots");
        var sentBefore = transport.Messages.Count;

        var session = fixture.Session(transport);
        var error = await Assert.ThrowsAsync<RfqChangedException>(() => fixture.SendAsync(session, TestVendors.Many(5)));
        var preview = await Assert.ThrowsAsync<RfqChangedException>(() => session.PreviewAsync(TestVendors.Many(5), CancellationToken.None));

        Assert.Equal(new[] { "title" }, error.ChangedParts);
        Assert.Equal(3, error.Received);
        Assert.Contains("AllowChangedRfq", error.Message);
        Assert.Equal(sentBefore, transport.Messages.Count);
        Assert.Equal(3, (await fixture.DeliveriesAsync()).Count);
        Assert.NotNull(preview);
    }

    [Fact]
    public async Task An_allowed_change_records_a_new_version_and_each_vendor_keeps_the_version_it_received()
    {
        using var fixture = new SendFixture();
        var transport = new ScriptedTransport();
        await fixture.SendAsync(fixture.Session(transport), TestVendors.Many(3));
        fixture.Rfq = WithTitle(fixture.Rfq, "Copper cable, 4 lots");

        await fixture.SendAsync(fixture.Session(transport, new SendOptions { Owner = "test-owner", AllowChangedRfq = true }), TestVendors.Many(5));
        await fixture.SendAsync(fixture.Session(transport), TestVendors.Many(6));

        var deliveries = await fixture.DeliveriesAsync();
        Assert.Equal(6, deliveries.Count);
        Assert.Equal(3, deliveries.Values.Count(d => d.RfqVersion == 1));
        Assert.Equal(3, deliveries.Values.Count(d => d.RfqVersion == 2));
        Assert.Equal(2, Assert.Single(await fixture.Store.GetCampaignsAsync(fixture.Rfq.Number, CancellationToken.None)).Version);
    }

    [Fact]
    public async Task The_same_rfq_sent_again_or_resumed_from_the_store_is_not_a_change()
    {
        using var fixture = new SendFixture();
        var transport = new ScriptedTransport();
        await fixture.SendAsync(fixture.Session(transport, new SendOptions { Owner = "test-owner", MaxMessages = 2 }), TestVendors.Many(4));
        var registered = await fixture.Store.GetCampaignRfqAsync(fixture.Rfq.Number, CancellationToken.None);

        fixture.Rfq = registered!;
        var results = await fixture.SendDueAsync(fixture.Session(transport));

        Assert.Equal(2, results.Count(r => r.Action == SendAction.Sent));
        Assert.All((await fixture.DeliveriesAsync()).Values, d => Assert.Equal(1, d.RfqVersion));
    }

    [Fact]
    public void The_fingerprint_sees_attachment_content_and_items_but_not_where_the_files_lie()
    {
        var rfq = SendFixture.CreateRfq();
        var a = EncodedAttachment.FromBytes(new byte[] { 1, 2, 3 }, "spec.pdf");
        var b = EncodedAttachment.FromBytes(new byte[] { 1, 2, 4 }, "spec.pdf");

        var first = RfqFingerprint.Of(rfq, new[] { a });

        Assert.Empty(RfqFingerprint.Of(rfq, new[] { EncodedAttachment.FromBytes(new byte[] { 1, 2, 3 }, "spec.pdf") }).ChangedSince(first.Text));
        Assert.Equal(new[] { "attachments" }, RfqFingerprint.Of(rfq, new[] { b }).ChangedSince(first.Text));
        var moreItems = new Rfq(rfq.Number, rfq.Title, rfq.DueDate, rfq.From, rfq.ReplyTo, rfq.SubjectTemplate, rfq.BodyTextTemplate, rfq.BodyHtmlTemplate,
            rfq.Items.Concat(new[] { new LineItem("X", "Y", 1m, "pc") }).ToList(), rfq.Attachments);
        Assert.Equal(new[] { "items" }, RfqFingerprint.Of(moreItems, new[] { a }).ChangedSince(first.Text));
    }
}
