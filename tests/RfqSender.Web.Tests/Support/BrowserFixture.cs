using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace RfqSender.Web.Tests.Support;

/// <summary>
/// One headless Chromium for a test class (<c>IClassFixture&lt;BrowserFixture&gt;</c>) or collection, driven by
/// Playwright for .NET. The browser is Debian's (chromium-headless-shell, or chromium), launched by path:
/// Playwright's own browser builds are never downloaded. <see cref="NewSessionAsync"/> gives each test its own
/// context (cookies, storage), so sign-ins never leak between tests. Without a browser the tests skip, except
/// under CI=true, where they fail.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] Candidates = { "/usr/bin/chromium-headless-shell", "/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium" };

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _problem;

    /// <summary>The browser binary: RFQSENDER_CHROMIUM when set (null when that file does not exist), else the first of Debian's that exists.</summary>
    public static string? Executable => Environment.GetEnvironmentVariable("RFQSENDER_CHROMIUM") is { Length: > 0 } set
        ? (File.Exists(set) ? set : null)
        : Candidates.FirstOrDefault(File.Exists);

    public IBrowser Browser => _browser ?? throw new InvalidOperationException(_problem ?? "No browser.");

    public async Task InitializeAsync()
    {
        var executable = Executable;
        if (executable is null)
        {
            _problem = "No headless Chromium here (apt-get install chromium-headless-shell, or set RFQSENDER_CHROMIUM to a Chromium binary).";
            return;
        }

        // Playwright's driver (node and its package) ships inside the NuGet package; nothing is fetched at run time.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Timeout = 60_000,
            // Loopback servers only; a proxy set in the environment must not be asked for them.
            Args = new[] { "--no-proxy-server", "--disable-gpu", "--disable-dev-shm-usage" },
        });
    }

    /// <summary>
    /// A fresh context and page for one test. Skips (fails under CI=true) when there is no browser. The page's
    /// screenshots are named after <paramref name="test"/> (the calling method by default).
    /// </summary>
    public async Task<BrowserSession> NewSessionAsync(Uri? baseUrl = null, [CallerMemberName] string test = "", bool ignoreHttpsErrors = false)
    {
        Ci.Require(_browser is not null, _problem ?? "No browser.");
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl?.ToString(),
            IgnoreHTTPSErrors = ignoreHttpsErrors,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        // Generous: CI runs these beside the Pester suite on two cores; a step that is late is not a failure of the page.
        context.SetDefaultTimeout(45_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page, test);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
