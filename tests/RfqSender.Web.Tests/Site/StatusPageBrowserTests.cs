using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RfqSender.Engine.Tracking;
using RfqSender.Web.Tests.Fakes;
using RfqSender.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace RfqSender.Web.Tests.Site;

/// <summary>
/// The status page in a real browser (Debian's headless Chromium through Playwright): sign in with the local form,
/// the campaigns, one campaign filtered, searched and paged, a vendor's history, the counts moving during a send
/// without a reload, an operator pausing that send from the page, a viewer without the actions, a forged form from
/// another page refused. Screenshots of the pages go to TestResults/web-screenshots. Every page must run its own
/// script without a console error (a CSP violation is one).
/// </summary>
public sealed class StatusPageBrowserTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _browser;

    public StatusPageBrowserTests(BrowserFixture browser)
    {
        _browser = browser;
    }

    private static string CampaignPath => "/campaigns/" + SiteSeed.Mixed;

    [SkippableFact]
    public async Task An_operator_signs_in_opens_a_campaign_filters_searches_pages_and_reads_a_vendors_history()
    {
        await using var site = await StatusSite.StartAsync(seed: SiteSeed.All(120));
        await using var session = await _browser.NewSessionAsync(site.BaseUrl);
        var page = session.Page;

        await SignInAsync(page, StatusSite.Operator, CampaignPath);
        await Expect(page.Locator("#rfq-number")).ToHaveTextAsync(SiteSeed.Mixed);
        await Expect(page.Locator("#user-role")).ToHaveTextAsync("operator");
        await Expect(page.Locator("#count-Total")).ToHaveTextAsync("120");
        await Expect(page.Locator("#count-Failed")).ToHaveTextAsync(Planned(DeliveryState.Failed).ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("#vendors tbody tr")).ToHaveCountAsync(50);
        await Expect(page.Locator("#pause-button")).ToBeVisibleAsync();
        await session.ScreenshotAsync("campaign");

        await page.Locator("#page-next").ClickAsync();
        await Expect(page.Locator("#vendor-range")).ToContainTextAsync("51–100 of 120");
        await Expect(page.Locator("#vendors tbody tr").First).ToHaveAttributeAsync("data-vendor", "v0051");

        await page.SelectOptionAsync("#filter-state", "Failed");
        await page.Locator("#filter-submit").ClickAsync();
        await page.WaitForURLAsync(new Regex("state=Failed"));
        await Expect(page.Locator("#vendor-total")).ToHaveTextAsync(Planned(DeliveryState.Failed).ToString(CultureInfo.InvariantCulture));
        Assert.All(await page.Locator("#vendors tbody tr .state").AllInnerTextsAsync(), s => Assert.Equal("Failed", s));

        await page.SelectOptionAsync("#filter-state", string.Empty);
        await page.SelectOptionAsync("#filter-category", "Cable");
        await page.FillAsync("#filter-search", "Vendor 7");
        await page.Locator("#filter-submit").ClickAsync();
        await page.WaitForURLAsync(new Regex("q=Vendor"));

        // Vendor 70, 72, ... 78 are in Cable (even numbers); Vendor 7 is in Fasteners.
        var keys = await page.Locator("#vendors tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.getAttribute('data-vendor'))");
        Assert.Equal(new[] { "v0070", "v0072", "v0074", "v0076", "v0078" }, keys);
        await session.ScreenshotAsync("filtered");

        await page.Locator("#vendors a", new PageLocatorOptions { HasText = "Vendor 70" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/vendors/v0070$"));
        await Expect(page.Locator("#vendor-name")).ToHaveTextAsync("Vendor 70");
        await Expect(page.Locator("#history")).ToBeVisibleAsync();
        await Expect(page.Locator("#exclude-button")).ToBeVisibleAsync();
        await session.ScreenshotAsync("vendor");

        await page.GotoAsync("/");
        await Expect(page.Locator("#campaigns")).ToContainTextAsync(SiteSeed.Mixed);
        await Expect(page.Locator("#campaigns")).ToContainTextAsync(SiteSeed.Corpus);
        await Expect(page.Locator("#unmatched-link")).ToBeVisibleAsync();
        await session.ScreenshotAsync("campaigns");

        Assert.Empty(session.ConsoleErrors);
    }

    [SkippableFact]
    public async Task A_vendor_with_replies_shows_them_and_its_quote_file_downloads()
    {
        await using var site = await StatusSite.StartAsync(seed: SiteSeed.All(10));
        var (replyId, savedPath) = await SiteSeed.QuoteFileAsync(site.Store);
        await using var session = await _browser.NewSessionAsync(site.BaseUrl);
        var page = session.Page;
        await SignInAsync(page, StatusSite.Viewer, "/campaigns/" + Uri.EscapeDataString(SiteSeed.Corpus));

        // The overview: a response rate above zero and the two charts (status bar, sent and answered over time) as inline SVG.
        await Expect(page.Locator("#response-rate")).Not.ToHaveTextAsync(new Regex("^0(\\.0)? ?%$"));
        await Expect(page.Locator(".charts svg.chart")).ToHaveCountAsync(2);
        await session.ScreenshotAsync("corpus-campaign");
        var link = page.Locator($"a[href='/replies/{replyId}/files/0']");
        var vendor = await page.Locator("#vendors tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.getAttribute('data-vendor'))");
        Assert.NotEmpty(vendor);

        // Open the vendor whose reply brought the file.
        using var store = DeliveryStoreFactory.Open(site.Store, create: false);
        var reply = (await store.GetInboundAsync(new InboundQuery { Id = replyId }, CancellationToken.None)).Single();
        await page.GotoAsync("/campaigns/" + Uri.EscapeDataString(SiteSeed.Corpus) + "/vendors/" + Uri.EscapeDataString(reply.VendorKey!));
        await Expect(page.Locator("#replies")).ToBeVisibleAsync();
        await session.ScreenshotAsync("vendor-with-replies");
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var saved = Path.Combine(site.Folder, "downloaded");
        await download.SaveAsAsync(saved);
        Assert.Equal(await File.ReadAllBytesAsync(savedPath), await File.ReadAllBytesAsync(saved));
        Assert.Empty(session.ConsoleErrors);
    }

    /// <summary>
    /// At 1280 px the pages fit the window: the corpus campaign's long bounce details and addresses must wrap (or the
    /// table scroll in its own box), not widen the whole page past the header.
    /// </summary>
    [SkippableFact]
    public async Task The_campaign_and_vendor_pages_fit_a_1280_pixel_window_without_scrolling_sideways()
    {
        await using var site = await StatusSite.StartAsync(seed: SiteSeed.All(20));
        await using var session = await _browser.NewSessionAsync(site.BaseUrl);
        var page = session.Page;
        var corpus = "/campaigns/" + Uri.EscapeDataString(SiteSeed.Corpus);
        await SignInAsync(page, StatusSite.Viewer, corpus);
        foreach (var path in new[] { "/", corpus, corpus + "/vendors/V-BLUE", CampaignPath, "/replies" })
        {
            await page.GotoAsync(path);
            var (scroll, window) = (await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth"), await page.EvaluateAsync<int>("() => window.innerWidth"));
            Assert.True(scroll <= window, $"{path} is {scroll} px wide in a {window} px window.");
        }
    }

    [SkippableFact]
    public async Task The_counts_move_during_a_send_without_a_reload_and_an_operators_pause_stops_it()
    {
        await using var site = await StatusSite.StartAsync();
        using var store = DeliveryStoreFactory.Open(site.Store, create: false);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var send = await TestCampaigns.PrepareSlowSendAsync(store, "RFQ-LIVE-1", 250, 30, stop.Token);
        try
        {
            await using var session = await _browser.NewSessionAsync(site.BaseUrl);
            var page = session.Page;
            await SignInAsync(page, StatusSite.Operator, "/campaigns/RFQ-LIVE-1");
            await Expect(page.Locator("#count-Queued")).ToHaveTextAsync("250");
            await Expect(page.Locator("#count-Sent")).ToHaveTextAsync("0");

            // The page is open on a campaign nobody sends yet; now a sender starts (another session, as rfq send would be).
            send.Start();
            var navigations = 0;
            page.FrameNavigated += (_, frame) =>
            {
                if (frame == page.MainFrame)
                {
                    navigations++;
                }
            };
            await page.EvaluateAsync("() => { window.__sameDocument = 'yes'; }");

            var first = await SentAsync(page);
            var seen = new List<int> { first };
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (seen.Distinct().Count() < 3 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
                seen.Add(await SentAsync(page));
            }

            Assert.True(seen.Distinct().Count() >= 3, $"The Sent count did not move on the open page: {string.Join(", ", seen.Distinct())}.");
            Assert.True(seen.Last() < 250, "The send finished before the page saw it move; slow it down.");
            Assert.Equal(0, navigations);
            Assert.Equal("yes", await page.EvaluateAsync<string>("() => window.__sameDocument"));
            await session.ScreenshotAsync("sending");

            await page.FillAsync("#campaign-actions input[name=reason]", "wrong price list attached");
            await page.Locator("#pause-button").ClickAsync();
            await Expect(page.Locator("#paused-banner")).ToContainTextAsync("Paused by " + StatusSite.Operator);
            await Expect(page.Locator("#paused-banner")).ToContainTextAsync("wrong price list attached");
            await Expect(page.Locator("#resume-button")).ToBeVisibleAsync();
            await Expect(page.Locator("#audit")).ToContainTextAsync(StatusSite.Operator);

            // The sender reads the pause before each claim: it stops within a batch and leaves the rest queued.
            var finished = await Task.WhenAny(send.Running, Task.Delay(TimeSpan.FromSeconds(20)));
            Assert.Same(send.Running, finished);
            await send.Running;
            var campaign = await SiteSeed.CampaignAsync(site.Store, "RFQ-LIVE-1");
            Assert.True(campaign.IsPaused);
            Assert.True(campaign.Queued > 0, "The pause did not stop the send.");
            Assert.Equal(0, campaign.Sending);
            Assert.Equal(send.Transport.Sent, campaign.Sent);
            var settled = new LocatorAssertionsToHaveTextOptions { Timeout = 5000 };
            await Expect(page.Locator("#count-Queued")).ToHaveTextAsync(campaign.Queued.ToString("N0", CultureInfo.InvariantCulture), settled);
            await Expect(page.Locator("#count-Sending")).ToHaveTextAsync("0", settled);
            await Expect(page.Locator("#count-Sent")).ToHaveTextAsync(campaign.Sent.ToString("N0", CultureInfo.InvariantCulture), settled);
            await session.ScreenshotAsync("paused");
            Assert.Empty(session.ConsoleErrors);
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAny(send.Running, Task.Delay(5000));
        }
    }

    [SkippableFact]
    public async Task An_operator_excludes_a_vendor_and_assigns_an_unmatched_reply_from_the_pages_and_both_are_audited()
    {
        await using var site = await StatusSite.StartAsync(seed: SiteSeed.All(20));
        long replyId;
        using (var store = DeliveryStoreFactory.Open(site.Store, create: false))
        {
            replyId = (await store.GetInboundAsync(new InboundQuery { Matched = false }, CancellationToken.None)).Single(r => r.SourceId == "12-private-gmail-no-token.eml").Id;
        }

        await using var session = await _browser.NewSessionAsync(site.BaseUrl);
        var page = session.Page;
        await SignInAsync(page, StatusSite.Operator, CampaignPath + "/vendors/v0010");
        await Expect(page.Locator("#vendor-detail")).ToContainTextAsync("550 5.1.1");
        await page.FillAsync("#exclude-reason", "vendor closed down");
        await page.Locator("#exclude-button").ClickAsync();
        await Expect(page.Locator("#history")).ToContainTextAsync("vendor closed down");
        await Expect(page.Locator("#history")).ToContainTextAsync(StatusSite.Operator);
        await Expect(page.Locator("#exclude-button")).ToHaveCountAsync(0);
        await session.ScreenshotAsync("excluded");

        await page.GotoAsync("/replies");
        var row = page.Locator($"tr[data-reply='{replyId}']");
        await row.Locator("select[name=rfq]").SelectOptionAsync(SiteSeed.Corpus);
        await row.Locator("input[name=vendorKey]").FillAsync("v-van");
        await row.Locator("input[name=reason]").FillAsync("the owner's private address");
        await session.ScreenshotAsync("replies");
        await page.Locator($"#assign-{replyId}").ClickAsync();
        await page.WaitForURLAsync(new Regex("/vendors/V-VAN$", RegexOptions.IgnoreCase));
        await Expect(page.Locator("#replies")).ToBeVisibleAsync();
        await Expect(page.Locator("#history")).ToContainTextAsync("the owner's private address");

        using (var store = DeliveryStoreFactory.Open(site.Store, create: false))
        {
            var excluded = (await store.GetDeliveriesAsync(new DeliveryQuery(SiteSeed.Mixed) { VendorKeys = new[] { "v0010" } }, CancellationToken.None)).Single();
            Assert.Equal(DeliveryState.Skipped, excluded.State);
            var audit = await store.GetAuditAsync(null, 50, CancellationToken.None);
            Assert.Contains(audit, a => a.User == StatusSite.Operator && a.VendorKey == "v0010" && a.Source == "web");
            Assert.Contains(audit, a => a.User == StatusSite.Operator && string.Equals(a.VendorKey, "V-VAN", StringComparison.OrdinalIgnoreCase));
        }

        Assert.Empty(session.ConsoleErrors);
    }

    /// <summary>
    /// The sender is a real <c>rfq send</c> in another process (pickup folder, a pause between messages): the page,
    /// opened once the campaign is registered, follows it, and an operator's pause makes it stop with exit code 4
    /// (deliveries held by a pause) and the rest queued.
    /// </summary>
    [SkippableFact]
    public async Task An_rfq_send_in_another_process_is_followed_live_and_stopped_by_a_pause_from_the_page()
    {
        await using var site = await StatusSite.StartAsync();
        var folder = Path.Combine(site.Folder, "cli");
        Directory.CreateDirectory(folder);
        var rfq = RfqSender.Cli.Tests.CrashCampaignFiles.WriteRfq(folder, "RFQ-CLI-LIVE", "Live from rfq send");
        var vendors = RfqSender.Cli.Tests.CrashCampaignFiles.WriteVendors(folder, 250);
        await using var session = await _browser.NewSessionAsync(site.BaseUrl);
        var page = session.Page;
        await SignInAsync(page, StatusSite.Operator, "/");

        using var rfqSend = RfqProcess.Start(folder, "send", rfq, "--vendors", vendors, "--store", site.Store.Path!, "--pickup", Path.Combine(folder, "outbox"), "--delay-ms", "40");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await page.Locator("a[href='/campaigns/RFQ-CLI-LIVE']").CountAsync() == 0 && DateTime.UtcNow < deadline && !rfqSend.Exited.IsCompleted)
        {
            await Task.Delay(150);
            await page.ReloadAsync();
        }

        await page.Locator("a[href='/campaigns/RFQ-CLI-LIVE']").ClickAsync();
        await Expect(page.Locator("#count-Total")).ToHaveTextAsync("250");
        var seen = new List<int> { await SentAsync(page) };
        while (seen.Distinct().Count() < 3 && DateTime.UtcNow < deadline && !rfqSend.Exited.IsCompleted)
        {
            await Task.Delay(100);
            seen.Add(await SentAsync(page));
        }

        Assert.True(seen.Distinct().Count() >= 3, $"The Sent count did not move: {string.Join(", ", seen.Distinct())}. rfq: {rfqSend.Output}");
        await page.Locator("#pause-button").ClickAsync();
        await Expect(page.Locator("#paused-banner")).ToBeVisibleAsync();
        Assert.Same(rfqSend.Exited, await Task.WhenAny(rfqSend.Exited, Task.Delay(TimeSpan.FromSeconds(20))));
        Assert.True(rfqSend.ExitCode == 4, $"rfq send exited {rfqSend.ExitCode}: {rfqSend.Output}");
        var campaign = await SiteSeed.CampaignAsync(site.Store, "RFQ-CLI-LIVE");
        Assert.True(campaign.Queued > 0 && campaign.Sending == 0, $"queued {campaign.Queued}, sending {campaign.Sending}");
        Assert.Equal(campaign.Sent, Directory.GetFiles(Path.Combine(folder, "outbox"), "*.eml").Length);
        await Expect(page.Locator("#count-Sent")).ToHaveTextAsync(campaign.Sent.ToString("N0", CultureInfo.InvariantCulture), new LocatorAssertionsToHaveTextOptions { Timeout = 5000 });
        await session.ScreenshotAsync("paused");
        Assert.Empty(session.ConsoleErrors);
    }

    [SkippableFact]
    public async Task A_viewer_sees_no_actions_and_is_refused_a_pause_posted_from_the_page_with_403()
    {
        await using var site = await StatusSite.StartAsync(seed: SiteSeed.MixedOnly(20));
        await using var session = await _browser.NewSessionAsync(site.BaseUrl);
        var page = session.Page;
        await SignInAsync(page, StatusSite.Viewer, CampaignPath);
        await Expect(page.Locator("#user-role")).ToHaveTextAsync("viewer");
        await Expect(page.Locator("#pause-button")).ToHaveCountAsync(0);

        // The viewer's browser, the viewer's cookies and the page's own anti-forgery token: refused for the role.
        var status = await page.EvaluateAsync<int>(
            @"async () => {
                const token = document.querySelector('input[name=__rfq_csrf]').value;
                const body = new URLSearchParams({ __rfq_csrf: token, reason: 'viewer' });
                const response = await fetch(location.pathname + '/pause', { method: 'POST', body, credentials: 'same-origin', redirect: 'manual' });
                return response.status;
            }");
        Assert.Equal(403, status);
        Assert.False((await SiteSeed.CampaignAsync(site.Store, SiteSeed.Mixed)).IsPaused);
        await page.GotoAsync(CampaignPath + "/vendors/v0001");
        await Expect(page.Locator("#exclude-button")).ToHaveCountAsync(0);
        Assert.DoesNotContain(session.ConsoleErrors, e => !e.Contains("403", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_form_on_another_site_that_posts_a_pause_with_the_operators_cookies_is_refused()
    {
        await using var site = await StatusSite.StartAsync(seed: SiteSeed.MixedOnly(20));
        await using var evil = await ForgerySite.StartAsync(new Uri(site.BaseUrl, CampaignPath + "/pause"));
        await using var session = await _browser.NewSessionAsync(site.BaseUrl);
        var page = session.Page;
        await SignInAsync(page, StatusSite.Operator, CampaignPath);
        await Expect(page.Locator("#pause-button")).ToBeVisibleAsync();

        // Another origin (another port of 127.0.0.1: the same site for cookies, so SameSite does not stop it).
        var answer = await page.RunAndWaitForResponseAsync(() => page.GotoAsync(evil.Url.ToString()), r => r.Url.EndsWith("/pause", StringComparison.Ordinal));
        Assert.Equal(400, answer.Status);
        Assert.False((await SiteSeed.CampaignAsync(site.Store, SiteSeed.Mixed)).IsPaused);
        await session.ScreenshotAsync("forged");
    }

    [SkippableFact]
    public async Task Without_sign_in_the_browser_lands_on_the_sign_in_page_and_sees_no_campaign()
    {
        await using var site = await StatusSite.StartAsync(seed: SiteSeed.MixedOnly(20));
        await using var session = await _browser.NewSessionAsync(site.BaseUrl);
        var page = session.Page;
        await page.GotoAsync(CampaignPath + "/vendors/v0001");
        await page.WaitForURLAsync(new Regex("/signin"));
        await Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
        var text = await page.ContentAsync();
        Assert.DoesNotContain("Vendor 1", text);
        Assert.DoesNotContain("sales1@", text);
        await session.ScreenshotAsync("signin");

        await page.FillAsync("#username", StatusSite.Operator);
        await page.FillAsync("#password", "wrong");
        await page.Locator("#signin-submit").ClickAsync();
        await Expect(page.Locator("#signin-error")).ToBeVisibleAsync();
        // The refused sign-in answers 401, which the browser reports; nothing else may be wrong.
        Assert.DoesNotContain(session.ConsoleErrors, e => !e.Contains("401", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Over_https_the_browser_signs_in_with_a_secure_cookie_and_gets_hsts()
    {
        await using var site = await StatusSite.StartAsync(new StatusSiteOptions { HttpsOnly = true }, SiteSeed.MixedOnly(20));
        Assert.Null(site.Http);
        await using var session = await _browser.NewSessionAsync(site.Https, ignoreHttpsErrors: true);
        var page = session.Page;
        var response = await page.GotoAsync("/signin");
        Assert.StartsWith("max-age=", (await response!.AllHeadersAsync())["strict-transport-security"]);
        await SignInAsync(page, StatusSite.Operator, CampaignPath);
        await Expect(page.Locator("#rfq-number")).ToHaveTextAsync(SiteSeed.Mixed);
        var auth = Assert.Single(await session.CookiesAsync(site.Https!), c => c.Name == "RfqSender.Auth");
        Assert.True(auth.Secure);
        Assert.True(auth.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, auth.SameSite);
        await Expect(page.Locator("#count-Total")).ToHaveTextAsync("20");
        Assert.Empty(session.ConsoleErrors);
    }

    internal static async Task SignInAsync(IPage page, string user, string returnTo)
    {
        await page.GotoAsync(returnTo);
        await page.WaitForURLAsync(new Regex("/signin"));
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", StatusSite.Password);
        await page.Locator("#signin-submit").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
    }

    private static int Planned(DeliveryState state) => Enumerable.Range(1, 120).Count(n => TestCampaigns.Planned(n, 120) == state);

    private static async Task<int> SentAsync(IPage page) =>
        int.Parse((await page.Locator("#count-Sent").TextContentAsync())!, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
