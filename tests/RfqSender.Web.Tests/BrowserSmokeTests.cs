using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RfqSender.Web.Tests.Support;

namespace RfqSender.Web.Tests;

/// <summary>The browser itself: Playwright drives Debian's Chromium here, offline, against a page on loopback.</summary>
public sealed class BrowserSmokeTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _browser;

    public BrowserSmokeTests(BrowserFixture browser)
    {
        _browser = browser;
    }

    [SkippableFact]
    public async Task The_system_chromium_renders_a_loopback_page_runs_its_script_and_is_screenshot()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapGet("/", (HttpContext c) =>
        {
            c.Response.Headers.ContentSecurityPolicy = "default-src 'self'";
            return Results.Content("<!doctype html><html><head><title>Smoke</title><script src=\"/app.js\"></script></head><body><h1 id=\"h\">static</h1></body></html>", "text/html");
        });
        app.MapGet("/app.js", () => Results.Content("document.addEventListener('DOMContentLoaded', () => { document.getElementById('h').textContent = 'scripted'; });", "text/javascript"));
        await app.StartAsync();
        var url = new Uri(app.Urls.First());

        await using var session = await _browser.NewSessionAsync(url);
        var response = await session.Page.GotoAsync("/");
        Assert.Equal(200, response!.Status);
        Assert.Equal("Smoke", await session.Page.TitleAsync());
        await Microsoft.Playwright.Assertions.Expect(session.Page.Locator("#h")).ToHaveTextAsync("scripted");
        var png = await session.ScreenshotAsync();
        Assert.True(new FileInfo(png).Length > 1000);
        Assert.Empty(session.ConsoleErrors);
    }

    [SkippableFact]
    public async Task An_inline_script_is_blocked_by_a_csp_without_unsafe_inline_and_the_violation_is_seen()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapGet("/", (HttpContext c) =>
        {
            c.Response.Headers.ContentSecurityPolicy = "script-src 'self'";
            return Results.Content("<!doctype html><html><body><h1 id=\"h\">static</h1><script>document.getElementById('h').textContent = 'inline';</script></body></html>", "text/html");
        });
        await app.StartAsync();

        await using var session = await _browser.NewSessionAsync(new Uri(app.Urls.First()));
        await session.Page.GotoAsync("/");
        Assert.Equal("static", await session.Page.Locator("#h").TextContentAsync());
        Assert.Contains(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }
}
