using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RfqSender.Web.Tests.Fakes;
using RfqSender.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace RfqSender.Web.Tests.Site;

/// <summary>
/// Sign-in with Entra ID (OpenID Connect: code flow, PKCE, form_post) against the fake provider, in a browser: an app
/// role makes an operator, a group a viewer, neither signs nobody in; a token the provider did not sign, or meant
/// for another client, is refused.
/// </summary>
public sealed class EntraSignInBrowserTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _browser;

    public EntraSignInBrowserTests(BrowserFixture browser)
    {
        _browser = browser;
    }

    private static string CampaignPath => "/campaigns/" + SiteSeed.Mixed;

    [SkippableFact]
    public async Task An_app_role_signs_in_an_operator_who_pauses_and_a_group_signs_in_a_viewer_who_cannot()
    {
        await using var site = await StatusSite.StartAsync(new StatusSiteOptions { Oidc = true, LocalUsers = false }, SiteSeed.MixedOnly(30));
        var provider = site.Provider!;

        provider.User = FakeOidcUser.WithRoles("Olivia Entra", StatusSite.OperatorRole);
        await using (var session = await _browser.NewSessionAsync(site.BaseUrl))
        {
            var page = session.Page;
            await EntraSignInAsync(page, CampaignPath);
            await Expect(page.Locator("#rfq-number")).ToHaveTextAsync(SiteSeed.Mixed);
            await Expect(page.Locator("#user-role")).ToHaveTextAsync("operator");
            await Expect(page.Locator("#user-name")).ToHaveTextAsync("olivia.entra@contoso.example");
            await page.Locator("#pause-button").ClickAsync();
            await Expect(page.Locator("#paused-banner")).ToContainTextAsync("olivia.entra@contoso.example");
            await session.ScreenshotAsync("operator");
            Assert.Empty(session.ConsoleErrors);
        }

        var request = provider.AuthorizationRequests.Last();
        Assert.Equal(("code", "form_post", "S256"), (request.ResponseType, request.ResponseMode, request.CodeChallengeMethod));
        Assert.NotNull(request.Nonce);
        Assert.StartsWith(site.BaseUrl.GetLeftPart(UriPartial.Authority) + "/", request.RedirectUri);
        Assert.True((await SiteSeed.CampaignAsync(site.Store, SiteSeed.Mixed)).IsPaused);

        provider.User = FakeOidcUser.WithGroups("Vic Group", "another-group", StatusSite.ViewerGroup);
        await using (var session = await _browser.NewSessionAsync(site.BaseUrl))
        {
            var page = session.Page;
            await EntraSignInAsync(page, CampaignPath);
            await Expect(page.Locator("#user-role")).ToHaveTextAsync("viewer");
            await Expect(page.Locator("#resume-button")).ToHaveCountAsync(0);
            var status = await page.EvaluateAsync<int>(
                @"async () => {
                    const token = document.querySelector('input[name=__rfq_csrf]').value;
                    const response = await fetch(location.pathname + '/resume', { method: 'POST', body: new URLSearchParams({ __rfq_csrf: token }), redirect: 'manual' });
                    return response.status;
                }");
            Assert.Equal(403, status);
            await session.ScreenshotAsync("viewer");
        }

        Assert.True((await SiteSeed.CampaignAsync(site.Store, SiteSeed.Mixed)).IsPaused);
        Assert.Empty(provider.Problems);
    }

    [SkippableFact]
    public async Task A_user_with_neither_role_and_a_token_the_provider_did_not_sign_are_not_signed_in()
    {
        await using var site = await StatusSite.StartAsync(new StatusSiteOptions { Oidc = true }, SiteSeed.MixedOnly(10));
        var provider = site.Provider!;

        provider.User = FakeOidcUser.WithGroups("Nora Norole", "some-other-group");
        await using (var session = await _browser.NewSessionAsync(site.BaseUrl))
        {
            var page = session.Page;
            await EntraSignInAsync(page, CampaignPath, expectSignedIn: false);
            await Expect(page.Locator("#signin-error")).ToContainTextAsync("neither the viewer nor the operator role");
            Assert.DoesNotContain(SiteSeed.Mixed, await page.ContentAsync());
            await session.ScreenshotAsync("norole");
        }

        foreach (var fault in new[] { FakeOidcFault.UnknownSigningKey, FakeOidcFault.WrongAudience, FakeOidcFault.WrongIssuer, FakeOidcFault.WrongNonce, FakeOidcFault.Expired })
        {
            provider.User = FakeOidcUser.WithRoles("Olivia Entra", StatusSite.OperatorRole);
            provider.Enqueue(fault);
            await using var session = await _browser.NewSessionAsync(site.BaseUrl, test: "Forged-" + fault);
            var page = session.Page;
            await EntraSignInAsync(page, CampaignPath, expectSignedIn: false);
            await Expect(page.Locator("#signin-error")).ToBeVisibleAsync();
            Assert.DoesNotContain(SiteSeed.Mixed, await page.ContentAsync());
            var cookies = await session.CookiesAsync(site.BaseUrl);
            Assert.DoesNotContain(cookies, c => c.Name == "RfqSender.Auth");
        }

        Assert.Equal(6, provider.IssuedIdTokens.Count);
    }

    [SkippableFact]
    public async Task An_entra_sign_in_asked_to_return_to_another_site_lands_on_the_campaigns_page()
    {
        await using var site = await StatusSite.StartAsync(new StatusSiteOptions { Oidc = true, LocalUsers = false }, SiteSeed.MixedOnly(5));
        site.Provider!.User = FakeOidcUser.WithRoles("Olivia Entra", StatusSite.OperatorRole);
        await using var session = await _browser.NewSessionAsync(site.BaseUrl);
        var page = session.Page;
        foreach (var offSite in new[] { "//evil.example/", "https://evil.example/", "/\\evil.example" })
        {
            await page.GotoAsync("/signin/oidc?returnUrl=" + Uri.EscapeDataString(offSite));
            await page.WaitForURLAsync(url => url.StartsWith(site.BaseUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal) && !url.Contains("signin", StringComparison.Ordinal));
            Assert.Equal(new Uri(site.BaseUrl, "/").ToString(), page.Url);
            await Expect(page.Locator("#campaigns")).ToBeVisibleAsync();
        }
    }

    /// <summary>Opens <paramref name="path"/>, is sent to the sign-in page, and takes the Entra ID button (the fake provider approves at once).</summary>
    private static async Task EntraSignInAsync(IPage page, string path, bool expectSignedIn = true)
    {
        await page.GotoAsync(path);
        await page.WaitForURLAsync(new Regex("/signin"));
        await page.Locator("#signin-oidc").ClickAsync();
        if (expectSignedIn)
        {
            await page.WaitForURLAsync(url => url.EndsWith(path, StringComparison.Ordinal));
        }
        else
        {
            await page.WaitForURLAsync(new Regex("/signin\\?failed="));
        }
    }
}
