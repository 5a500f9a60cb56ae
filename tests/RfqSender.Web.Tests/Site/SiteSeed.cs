using RfqSender.Engine.Tests.Responses;
using RfqSender.Engine.Tracking;
using RfqSender.Web.Tests.Support;

namespace RfqSender.Web.Tests.Site;

/// <summary>What the site tests put in a store before the page starts.</summary>
public static class SiteSeed
{
    public const string Mixed = TestCampaigns.MixedRfq;

    public static string Corpus => CorpusCampaign.RfqNumber;

    /// <summary>The reply corpus's campaign with its replies and quote files, then the mixed campaign of <paramref name="vendors"/> vendors.</summary>
    public static Func<StoreSettings, string, Task> All(int vendors = 120) => async (store, folder) =>
    {
        await TestCampaigns.SeedCorpusAsync(store, Path.Combine(folder, "mailbox"));
        using var opened = DeliveryStoreFactory.Open(store, create: false);
        await TestCampaigns.SeedMixedAsync(opened, vendors);
    };

    /// <summary>Only the mixed campaign.</summary>
    public static Func<StoreSettings, string, Task> MixedOnly(int vendors = 120) => async (store, _) =>
    {
        using var opened = DeliveryStoreFactory.Open(store, create: true);
        await TestCampaigns.SeedMixedAsync(opened, vendors);
    };

    /// <summary>A reply of the corpus campaign that brought a file kept beside the store: its id and the file's path.</summary>
    public static async Task<(long ReplyId, string SavedPath)> QuoteFileAsync(StoreSettings settings)
    {
        using var store = DeliveryStoreFactory.Open(settings, create: false);
        var reply = (await store.GetInboundAsync(new InboundQuery { RfqNumber = Corpus }, CancellationToken.None))
            .First(r => r.Attachments.Count > 0 && r.Attachments[0].SavedPath is not null);
        return (reply.Id, reply.Attachments[0].SavedPath!);
    }

    /// <summary>The campaign as the store has it now.</summary>
    public static async Task<CampaignRecord> CampaignAsync(StoreSettings settings, string rfq)
    {
        using var store = DeliveryStoreFactory.Open(settings, create: false);
        return (await store.GetCampaignsAsync(rfq, CancellationToken.None)).Single();
    }
}
