using Microsoft.Playwright;
using RfqSender.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace RfqSender.Web.Tests.Site;

/// <summary>
/// The pictures of docs/status-page.md and the README: the campaign page and a vendor's page at 1280×1500, as a
/// signed-in operator sees them over the seeded campaigns (one in every outcome state; the reply corpus's campaign
/// with its answers). Saved to TestResults/web-screenshots/docs-*.png; docs/images holds copies of them.
/// </summary>
public sealed class DocsScreenshotTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _browser;

    public DocsScreenshotTests(BrowserFixture browser) => _browser = browser;

    [SkippableFact]
    public async Task The_campaign_page_and_a_vendors_page_are_pictured_at_a_laptops_size()
    {
        await using var site = await StatusSite.StartAsync(seed: SiteSeed.All(120));
        await using var session = await _browser.NewSessionAsync(site.BaseUrl);
        var page = session.Page;
        await page.SetViewportSizeAsync(1280, 1500);

        await StatusPageBrowserTests.SignInAsync(page, StatusSite.Operator, "/campaigns/" + SiteSeed.Mixed);
        await Expect(page.Locator("#vendors tbody tr")).ToHaveCountAsync(50);
        var campaign = await ShotAsync(page, "docs-campaign.png");

        await page.GotoAsync("/campaigns/" + SiteSeed.Corpus);
        await Expect(page.Locator("#rfq-number")).ToHaveTextAsync(SiteSeed.Corpus);
        var vendorLink = page.Locator("#vendors tbody tr a").First;
        await vendorLink.ClickAsync();
        await Expect(page.Locator("#vendor-name")).ToBeVisibleAsync();
        var vendor = await ShotAsync(page, "docs-vendor.png");

        Assert.Empty(session.ConsoleErrors);
        Assert.True(new FileInfo(campaign).Length > 20_000, "the campaign picture is nearly empty");
        Assert.True(new FileInfo(vendor).Length > 10_000, "the vendor picture is nearly empty");
    }

    private static async Task<string> ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Repository.ScreenshotFolder);
        var path = Path.Combine(Repository.ScreenshotFolder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
        return path;
    }
}
