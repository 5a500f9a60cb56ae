using RfqSender.Engine.Tests.Responses;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Web.Tests.Support;

/// <summary>The campaigns the page tests look at are what the helpers say they are.</summary>
public sealed class TestCampaignsTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_mixed_campaign_has_every_planned_state_and_the_corpus_campaign_its_replies()
    {
        var settings = StoreSettings.Sqlite(_temp.Combine("data", "rfq.db"));
        await TestCampaigns.SeedCorpusAsync(settings, _temp.Combine("mailbox"));
        using (var store = DeliveryStoreFactory.Open(settings, create: true))
        {
            var corpus = (await store.GetCampaignsAsync(CorpusCampaign.RfqNumber, CancellationToken.None)).Single();
            Assert.True(corpus.Counts.GetValueOrDefault(DeliveryState.Responded) > 0);
            Assert.True(corpus.Counts.GetValueOrDefault(DeliveryState.Failed) > 0);
            Assert.NotEmpty(await store.GetInboundAsync(new InboundQuery { Matched = false }, CancellationToken.None));
        }

        using (var store = DeliveryStoreFactory.Open(settings, create: false))
        {
            var planned = await TestCampaigns.SeedMixedAsync(store, 40);
            var campaign = (await store.GetCampaignsAsync(TestCampaigns.MixedRfq, CancellationToken.None)).Single();
            Assert.Equal(40, campaign.Total);
            foreach (var (state, count) in planned)
            {
                Assert.Equal(count, campaign.Counts[state]);
            }

            Assert.Equal(new[] { DeliveryState.Deferred, DeliveryState.Failed, DeliveryState.Queued, DeliveryState.Sent }, planned.Keys.OrderBy(s => s.ToString()));
        }

        Assert.NotEmpty(Directory.GetFiles(_temp.Combine("data", "quotes"), "*.pdf", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_slow_send_registers_all_its_vendors_first_and_sends_every_one()
    {
        var settings = StoreSettings.Sqlite(_temp.Combine("live.db"));
        using var store = DeliveryStoreFactory.Open(settings, create: true);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var send = await TestCampaigns.StartSlowSendAsync(store, "RFQ-LIVE", 20, 20, stop.Token);
        await send.Running;
        var campaign = (await store.GetCampaignsAsync("RFQ-LIVE", CancellationToken.None)).Single();
        Assert.Equal(20, campaign.Counts[DeliveryState.Sent]);
        Assert.Equal(20, send.Transport.Sent);
    }
}
