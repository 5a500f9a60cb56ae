using RfqSender.Engine.Messages;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Tests.Responses;

/// <summary>
/// <c>plusAddressReplies: true</c> in the RFQ file: each delivery's message carries the Reply-To
/// <c>local+&lt;token&gt;@domain</c>; a reply sent to it with nothing else (no In-Reply-To, no References,
/// no token in the subject, from an address the vendor was never sent to) is matched to that delivery
/// by the reply address; a tampered plus part matches no other vendor.
/// </summary>
public sealed class PlusAddressedReplyToTests : IDisposable
{
    private const string Yaml = """
        number: RFQ-T-1
        title: Copper cable
        dueDate: 2026-12-15T17:00:00+01:00
        from: "Purchasing <purchasing@contoso.example>"
        replyTo: "RFQ replies <rfq-replies@contoso.example>"
        plusAddressReplies: true
        subject: "RFQ {{Rfq.Number}} for {{Vendor.Name}}"
        body: "Dear {{Contact.Name}}, please quote."
        """;

    private readonly SendFixture _fixture = new();

    public PlusAddressedReplyToTests()
    {
        _fixture.Rfq = RfqFileLoader.Parse(Yaml, "rfq.yaml", _fixture.Folder);
    }

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_reply_to_a_deliverys_reply_to_address_alone_matches_that_delivery_and_a_tampered_one_no_other()
    {
        Assert.True(_fixture.Rfq.PlusAddressReplies);
        var outbox = Path.Combine(_fixture.Folder, "outbox");
        await using (var transport = new PickupFolderTransport(outbox))
        {
            await _fixture.SendAsync(_fixture.Session(transport), TestVendors.Many(3));
        }

        var secret = await _fixture.Store.GetReferenceSecretAsync(DeliveryReference.CreateSecret(), CancellationToken.None);
        var deliveries = await _fixture.DeliveriesAsync();
        var sent = Directory.GetFiles(outbox, "*.eml").Select(f => InboundMessage.LoadFile(f)).ToList();
        var replyTos = new Dictionary<string, InboundAddress>();
        foreach (var delivery in deliveries.Values)
        {
            var message = sent.Single(m => m.To.Any(t => delivery.To.Contains(t.Address)));
            var replyTo = Assert.Single(message.ReplyTo);
            Assert.Equal($"rfq-replies+{DeliveryReference.Create(delivery.Id, secret).Text}@contoso.example", replyTo.Address);
            Assert.Equal("RFQ replies", replyTo.Name);
            replyTos[delivery.VendorKey] = replyTo;
        }

        // The campaign as the store keeps it (what Resume-Rfq sends from) still plus-addresses.
        Assert.True((await _fixture.Store.GetCampaignRfqAsync("RFQ-T-1", CancellationToken.None))!.PlusAddressReplies);

        var replies = Path.Combine(_fixture.Folder, "replies");
        Directory.CreateDirectory(replies);

        // Mail systems may lower-case the local part.
        Reply(replies, "1-reply.eml", replyTos["v0002"].Address.ToLowerInvariant(), "private-1");

        // Another vendor's token made with another secret: the right shape, the check character valid.
        var forged = DeliveryReference.Create(deliveries["v0003"].Id, DeliveryReference.CreateSecret()).Text;
        Reply(replies, "2-forged.eml", $"rfq-replies+{forged}@contoso.example", "private-2");

        // One character of vendor 1's token changed.
        var token = DeliveryReference.Create(deliveries["v0001"].Id, secret).Text;
        var typo = token.Substring(0, token.Length - 2) + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        Reply(replies, "3-typo.eml", $"rfq-replies+{typo}@contoso.example", "private-3");

        await new ReplyReceiver(_fixture.Store, new ReceiveOptions { KeepFiles = false }).ReceiveAsync(new FolderReplySource(replies), null, CancellationToken.None);

        var records = (await _fixture.Store.GetInboundAsync(new InboundQuery(), CancellationToken.None)).ToDictionary(r => r.MessageId!);
        Assert.Equal(("v0002", ReplyMatchMethod.ReplyAddress), (records["private-1@gmail.com"].VendorKey, records["private-1@gmail.com"].MatchMethod));
        Assert.True(records["private-2@gmail.com"].IsUnmatched, records["private-2@gmail.com"].MatchReason);
        Assert.True(records["private-3@gmail.com"].IsUnmatched, records["private-3@gmail.com"].MatchReason);
        var after = await _fixture.DeliveriesAsync();
        Assert.Equal(DeliveryState.Responded, after["v0002"].State);
        Assert.Equal(DeliveryState.Sent, after["v0001"].State);
        Assert.Equal(DeliveryState.Sent, after["v0003"].State);
    }

    [Fact]
    public void A_preview_has_no_token_and_so_the_plain_reply_address()
    {
        var preview = RfqMessageRendererFor(_fixture.Rfq);
        Assert.Equal("rfq-replies@contoso.example", preview.ReplyTo!.Address);
    }

    [Fact]
    public void Without_a_reply_to_the_from_address_is_plus_addressed_and_the_address_must_be_able_to_carry_a_token()
    {
        var noReplyTo = RfqFileLoader.Parse(Yaml.Replace("replyTo: \"RFQ replies <rfq-replies@contoso.example>\"\n", string.Empty), "rfq.yaml", _fixture.Folder);
        Assert.Null(noReplyTo.ReplyTo);
        Assert.Equal("purchasing+RFQ-1-ABCDEF@contoso.example".Length, PlusAddressedReplyTo.For(noReplyTo.From, DeliveryReference.Create(1, DeliveryReference.CreateSecret()).Text).Address.Length);
        Assert.StartsWith("purchasing+RFQ-1-", PlusAddressedReplyTo.For(noReplyTo.From, DeliveryReference.Create(1, DeliveryReference.CreateSecret()).Text).Address, StringComparison.Ordinal);

        var plus = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Parse(Yaml.Replace("rfq-replies@", "rfq+replies@"), "rfq.yaml", _fixture.Folder));
        Assert.Contains(plus.Errors, e => e.Field == "plusAddressReplies" && e.Message.Contains("has a '+' in its local part already"));
        var notBool = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Parse(Yaml.Replace("plusAddressReplies: true", "plusAddressReplies: maybe"), "rfq.yaml", _fixture.Folder));
        Assert.Contains(notBool.Errors, e => e.Field == "plusAddressReplies" && e.Message.Contains("not true or false"));
        Assert.False(RfqFileLoader.Parse(Yaml.Replace("plusAddressReplies: true", "plusAddressReplies: false"), "rfq.yaml", _fixture.Folder).PlusAddressReplies);

        // Written back out and read again, the option stays.
        using var written = new StringWriter();
        RfqFileWriter.Write(_fixture.Rfq, written);
        Assert.Contains("plusAddressReplies: true", written.ToString());
        Assert.True(RfqFileLoader.Parse(written.ToString(), "rfq.yaml", _fixture.Folder).PlusAddressReplies);
    }

    private static OutgoingMessage RfqMessageRendererFor(Rfq rfq) => Engine.Sending.RfqMessageRenderer.Create(rfq).Compose(TestVendors.Many(1)[0], SendFixture.Start);

    private static void Reply(string folder, string file, string to, string id) =>
        File.WriteAllText(Path.Combine(folder, file), string.Join("\r\n",
            "From: Someone <someone.private@gmail.com>",
            "To: " + to,
            "Subject: Re: your request",
            $"Message-ID: <{id}@gmail.com>",
            "Date: Tue, 24 Nov 2026 10:00:00 +0100",
            string.Empty,
            "Our price: EUR 12.",
            string.Empty));
}
