using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Responses;

/// <summary>
/// The corpus's campaign in a real store: its deliveries with the oracle's ids (101 to 119, after
/// 100 queued vendors of another campaign), Message-IDs and recipients, all sent, and the store's
/// reference secret set to the corpus's, so the tokens in the corpus verify.
/// </summary>
public static class CorpusCampaign
{
    public static string RfqNumber => ResponseCorpus.Root.GetProperty("rfqNumber").GetString()!;

    public static async Task SeedAsync(IDeliveryStore store)
    {
        var filler = new Rfq("RFQ-FILLER", "Filler", new DateTimeOffset(2026, 12, 15, 17, 0, 0, TimeSpan.Zero), MailboxAddress.Parse("purchasing@contoso.com"), null, "s", "b", null, Array.Empty<LineItem>(), Array.Empty<RfqAttachment>());
        await store.RegisterCampaignAsync(filler, CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-FILLER", TestVendors.Many(100, "filler"), v => "filler." + v.Key + "@contoso.com", CancellationToken.None);

        var deliveries = ResponseCorpus.Deliveries;
        var rfq = new Rfq(
            RfqNumber,
            "Copper cable",
            new DateTimeOffset(2026, 12, 15, 17, 0, 0, TimeSpan.FromHours(1)),
            MailboxAddress.Parse(ResponseCorpus.Root.GetProperty("from").GetString()!),
            MailboxAddress.Parse(ResponseCorpus.Root.GetProperty("replyAddress").GetString()!),
            "RFQ {{Rfq.Number}}",
            "Dear {{Vendor.Name}}",
            null,
            Array.Empty<LineItem>(),
            Array.Empty<RfqAttachment>());
        await store.RegisterCampaignAsync(rfq, CancellationToken.None);
        var vendors = deliveries.Select(d => TestVendors.Create(d.VendorKey, d.VendorName, d.To[0], d.Cc.Count == 0 ? null : string.Join(";", d.Cc))).ToList();
        var messageIds = deliveries.ToDictionary(d => d.VendorKey, d => d.MessageId, StringComparer.OrdinalIgnoreCase);
        await store.RegisterVendorsAsync(RfqNumber, vendors, v => messageIds[v.Key], CancellationToken.None);
        var at = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
        foreach (var claimed in await store.ClaimAsync(new ClaimRequest(RfqNumber, "sender", 100, TimeSpan.FromMinutes(5), at), CancellationToken.None))
        {
            await store.CompleteAsync(new DeliveryCompletion(claimed.Record.Id, "sender", DeliveryState.Sent, "250 2.0.0 Ok", at), CancellationToken.None);
        }

        var ids = (await store.GetDeliveriesAsync(new DeliveryQuery(RfqNumber), CancellationToken.None)).ToDictionary(d => d.VendorKey, d => d.Id);
        foreach (var d in deliveries)
        {
            Assert.Equal(d.DeliveryId, ids[d.VendorKey]);
        }

        Assert.Equal(ResponseCorpus.Secret, await store.GetReferenceSecretAsync(ResponseCorpus.Secret, CancellationToken.None));
    }
}
