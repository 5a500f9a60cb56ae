using System.Net;
using System.Text.RegularExpressions;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;
using RfqSender.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace RfqSender.Web.Tests.Site;

/// <summary>
/// Vendors whose names, keys and addresses are hostile (markup, script, quotes, URL and LIKE metacharacters): shown
/// as text, searched literally, reachable by their own links, and no script of theirs runs in a browser.
/// </summary>
public sealed class HostileContentTests : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    public const string Rfq = "RFQ-<b>X<b>&\"1\" #2?";

    private static readonly (string Key, string Name)[] Hostile =
    {
        ("x-script", "<script>window.__pwned = 1</script>Acme"),
        ("x-img", "\"><img src=x onerror=\"window.__pwned = 2\">Bolt & Nut"),
        ("x-percent", "50% Off Cables"),
        ("x-underscore", "Under_score Ltd"),
        ("ACME #1 East?x=1&y", "Hash and query in the key"),
        ("x-quote", "O'Brien \"Quotes\" GmbH"),
    };

    private readonly BrowserFixture _browser;
    private StatusSite _site = null!;

    public HostileContentTests(BrowserFixture browser)
    {
        _browser = browser;
    }

    public async Task InitializeAsync() => _site = await StatusSite.StartAsync(seed: async (settings, _) =>
    {
        using var store = DeliveryStoreFactory.Open(settings, create: true);
        await store.RegisterCampaignAsync(TestCampaigns.CreateRfq(Rfq, "<i>Title</i> with markup"), CancellationToken.None);
        var vendors = Hostile.Select((h, i) => TestVendors.Create(h.Key, h.Name, $"sales{i}@vendor{i}.example", categories: new[] { "<em>Cat</em>" }))
            .Concat(TestVendors.Many(10, "plain"))
            .ToList();
        await store.RegisterVendorsAsync(Rfq, vendors, v => $"<{Guid.NewGuid():N}@rfq.contoso.example>", CancellationToken.None);
    });

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private static string CampaignPath => "/campaigns/" + Uri.EscapeDataString(Rfq);

    [Fact]
    public async Task Markup_in_names_is_shown_as_text_and_search_is_literal_for_percent_and_underscore()
    {
        using var viewer = await _site.SignedInClientAsync(StatusSite.Viewer);
        var html = await viewer.GetStringAsync(CampaignPath);
        Assert.DoesNotContain("<script>window.__pwned", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("<b>X<b>", html);
        Assert.DoesNotContain("<em>Cat</em>", html);
        Assert.Contains("&lt;script&gt;window.__pwned = 1&lt;/script&gt;Acme", html);

        Assert.Equal(new[] { "x-percent" }, Vendors(await viewer.GetStringAsync(CampaignPath + "?q=%25")));
        // Literally: the names with an underscore ("window.__pwned" too), not every vendor as LIKE's '_' would match.
        Assert.Equal(Hostile.Where(h => h.Name.Contains('_') || h.Key.Contains('_')).Select(h => h.Key), Vendors(await viewer.GetStringAsync(CampaignPath + "?q=_")));
        Assert.Equal(new[] { "x-quote" }, Vendors(await viewer.GetStringAsync(CampaignPath + "?q=" + Uri.EscapeDataString("O'Brien \""))));
        using var badState = await viewer.GetAsync(CampaignPath + "?state=Nope");
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.DoesNotContain("q=", _site.AccessLog.ToString());
        Assert.DoesNotContain(StatusSite.Password, _site.AccessLog.ToString());
    }

    [Fact]
    public async Task Every_vendor_page_is_reached_by_the_link_the_campaign_page_gives()
    {
        using var viewer = await _site.SignedInClientAsync(StatusSite.Viewer);
        var html = await viewer.GetStringAsync(CampaignPath);
        var links = Regex.Matches(html, "<tr data-vendor=\"[^\"]*\"><td><a href=\"([^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(16, links.Count);
        foreach (var link in links)
        {
            using var page = await viewer.GetAsync(link);
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {link}: {(int)page.StatusCode}");
        }
    }

    /// <summary>
    /// RFQ numbers and vendor keys may hold a slash (<c>PO/2026/114</c>, a key column's <c>ACME/01</c>): the engine allows
    /// it, and the page's links escape it as %2F, which ASP.NET Core's routing does not unescape in a route value.
    /// </summary>
    [Fact]
    public async Task A_campaign_and_a_vendor_with_a_slash_in_their_number_and_key_open_from_their_links()
    {
        const string slashed = "PO/2026/114";
        using (var store = DeliveryStoreFactory.Open(_site.Store, create: false))
        {
            await store.RegisterCampaignAsync(TestCampaigns.CreateRfq(slashed), CancellationToken.None);
            await store.RegisterVendorsAsync(slashed, new[] { TestVendors.Create("ACME/01", "Acme Slash", "sales@acme.example") }, v => "<slash.1@rfq.contoso.example>", CancellationToken.None);
        }

        using var viewer = await _site.SignedInClientAsync(StatusSite.Viewer);
        var list = await viewer.GetStringAsync("/");
        var campaignLink = WebUtility.HtmlDecode(Regex.Match(list, "<a href=\"(/campaigns/[^\"]*2026[^\"]*)\"").Groups[1].Value);
        Assert.Equal("/campaigns/PO%2F2026%2F114", campaignLink);
        var html = await viewer.GetStringAsync(campaignLink);
        var vendorLink = WebUtility.HtmlDecode(Regex.Match(html, "<tr data-vendor=\"ACME/01\"><td><a href=\"([^\"]+)\"").Groups[1].Value);
        Assert.Contains("Acme Slash", await viewer.GetStringAsync(vendorLink));
        using var live = await viewer.LiveAsync(slashed);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [SkippableFact]
    public async Task No_script_of_a_vendor_runs_in_the_browser_on_the_campaign_or_vendor_pages()
    {
        await using var session = await _browser.NewSessionAsync(_site.BaseUrl);
        var page = session.Page;
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };
        await StatusPageBrowserTests.SignInAsync(page, StatusSite.Operator, CampaignPath);
        await Expect(page.Locator("h1")).ToContainTextAsync(Rfq);
        await Expect(page.Locator("tr[data-vendor='x-script']")).ToContainTextAsync("<script>window.__pwned = 1</script>Acme");
        await session.ScreenshotAsync("campaign");
        foreach (var key in new[] { "x-script", "x-img" })
        {
            await page.GotoAsync(CampaignPath + "/vendors/" + key);
            await Expect(page.Locator("#vendor-name")).ToContainTextAsync(Hostile.Single(h => h.Key == key).Name);
        }

        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned"));
        Assert.Equal(0, dialogs);
        Assert.Empty(session.ConsoleErrors);
    }

    private static string[] Vendors(string html) =>
        Regex.Matches(html, "<tr data-vendor=\"([^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToArray();
}
