using Microsoft.Playwright;

namespace RfqSender.Web.Tests.Support;

/// <summary>
/// One test's browser context and page. Screenshots go to TestResults/web-screenshots/&lt;test&gt;[-&lt;step&gt;].png
/// under the repository root, kept as CI artefacts. Console errors and CSP violations the page reports are
/// collected in <see cref="ConsoleErrors"/>, so a test can assert the page's own script ran clean.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    internal BrowserSession(IBrowserContext context, IPage page, string test)
    {
        Context = context;
        Page = page;
        Test = test;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (ConsoleErrors)
                {
                    ConsoleErrors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (ConsoleErrors)
            {
                ConsoleErrors.Add(error);
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public string Test { get; }

    /// <summary>Console errors and uncaught exceptions of the page (a CSP violation is reported as a console error).</summary>
    public List<string> ConsoleErrors { get; } = new();

    /// <summary>Saves a full-page screenshot as &lt;test&gt;.png, or &lt;test&gt;-&lt;step&gt;.png; returns its path.</summary>
    public async Task<string> ScreenshotAsync(string? step = null)
    {
        Directory.CreateDirectory(Repository.ScreenshotFolder);
        var path = Path.Combine(Repository.ScreenshotFolder, step is null ? $"{Test}.png" : $"{Test}-{step}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>The cookies the browser holds for <paramref name="url"/>.</summary>
    public async Task<IReadOnlyList<BrowserContextCookiesResult>> CookiesAsync(Uri url) => await Context.CookiesAsync(new[] { url.ToString() });

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
