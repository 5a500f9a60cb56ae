using RfqSender.Engine.Operations;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Web.Tests.Support;

/// <summary>What the status page's pause does to a send running in another session: it stops, and leaves nothing claimed.</summary>
public sealed class PauseDuringSendTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_pause_during_a_send_stops_it_and_leaves_no_delivery_in_sending()
    {
        var settings = StoreSettings.Sqlite(_temp.Combine("live.db"));
        using var store = DeliveryStoreFactory.Open(settings, create: true);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var send = await TestCampaigns.StartSlowSendAsync(store, "RFQ-PAUSE", 100, 30, stop.Token);
        while (send.Transport.Sent < 15)
        {
            await Task.Delay(20);
        }

        await using (var runtime = RfqRuntime.ForStore(settings))
        {
            await runtime.PauseCampaignAsync("RFQ-PAUSE", "olivia", "test", CancellationToken.None);
        }

        await send.Running.WaitAsync(TimeSpan.FromSeconds(20));
        var campaign = (await store.GetCampaignsAsync("RFQ-PAUSE", CancellationToken.None)).Single();
        Assert.True(campaign.Queued > 0);
        Assert.Equal(send.Transport.Sent, campaign.Sent);
        Assert.Equal(0, campaign.Sending);
    }
}
