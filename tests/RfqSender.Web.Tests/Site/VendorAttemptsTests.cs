using RfqSender.Engine.Tracking;
using RfqSender.Web.Tests.Support;

namespace RfqSender.Web.Tests.Site;

/// <summary>A vendor's page lists every send attempt the store logged, with its outcome and the server's reply.</summary>
public sealed class VendorAttemptsTests
{
    [Fact]
    public async Task A_failed_vendor_shows_its_attempt_with_the_servers_reply_and_a_sent_one_its_acceptance()
    {
        await using var site = await StatusSite.StartAsync(seed: SiteSeed.MixedOnly(20));
        using var viewer = await site.SignedInClientAsync(StatusSite.Viewer);
        var failed = Enumerable.Range(1, 20).First(n => TestCampaigns.Planned(n, 20) == DeliveryState.Failed);
        var sent = Enumerable.Range(1, 20).First(n => TestCampaigns.Planned(n, 20) == DeliveryState.Sent);

        var failedPage = await viewer.GetStringAsync($"/campaigns/{SiteSeed.Mixed}/vendors/v{failed:0000}");
        var sentPage = await viewer.GetStringAsync($"/campaigns/{SiteSeed.Mixed}/vendors/v{sent:0000}");

        var attempts = failedPage.Substring(failedPage.IndexOf("id=\"attempts\"", StringComparison.Ordinal));
        Assert.Contains(">Failed</span>", attempts, StringComparison.Ordinal);
        Assert.Contains("550 5.1.1", attempts, StringComparison.Ordinal);
        Assert.Contains("id=\"attempts\"", sentPage, StringComparison.Ordinal);
        Assert.Contains(">Sent</span>", sentPage.Substring(sentPage.IndexOf("id=\"attempts\"", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}
