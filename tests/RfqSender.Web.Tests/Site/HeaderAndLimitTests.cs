using System.Net;

namespace RfqSender.Web.Tests.Site;

/// <summary>The headers every answer carries (CSP without inline script, no framing, HSTS on HTTPS only) and the sign-in rate limit.</summary>
public sealed class HeaderAndLimitTests
{
    [Fact]
    public async Task Every_answer_has_a_csp_without_inline_script_no_framing_and_hsts_only_over_https()
    {
        await using var site = await StatusSite.StartAsync(new StatusSiteOptions { Https = true }, SiteSeed.MixedOnly(10));
        Assert.NotNull(site.Http);
        Assert.NotNull(site.Https);
        using var http = site.Client(site.Http);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync(StatusSite.Viewer, StatusSite.Password)).StatusCode);
        using var https = site.Client(site.Https);
        Assert.Equal(HttpStatusCode.Redirect, (await https.SignInAsync(StatusSite.Viewer, StatusSite.Password)).StatusCode);

        var paths = new[] { ("/signin", "text/html"), ("/", "text/html"), ("/campaigns/" + SiteSeed.Mixed, "text/html"), ("/campaigns/" + SiteSeed.Mixed + "/live", "application/json"), ("/static/app.js", "*/*"), ("/campaigns/NOPE", "text/html") };
        foreach (var (client, secure) in new[] { (http, false), (https, true) })
        {
            foreach (var (path, accept) in paths)
            {
                using var response = await client.GetAsync(path, accept);
                var what = $"{(secure ? "https" : "http")} {path} ({(int)response.StatusCode})";
                var csp = Header(response, "Content-Security-Policy");
                Assert.True(csp is not null, what + ": no CSP");
                var directives = csp!.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ').Skip(1).ToArray());
                var script = directives.TryGetValue("script-src", out var s) ? s : directives["default-src"];
                Assert.DoesNotContain("'unsafe-inline'", script);
                Assert.DoesNotContain("'unsafe-eval'", script);
                Assert.DoesNotContain(script, v => v.StartsWith("http", StringComparison.OrdinalIgnoreCase) || v == "*" || v.EndsWith(':'));
                Assert.Equal(new[] { "'none'" }, directives["frame-ancestors"]);
                Assert.Equal("DENY", Header(response, "X-Frame-Options"));
                Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
                var hsts = Header(response, "Strict-Transport-Security");
                if (secure)
                {
                    Assert.True(hsts is not null && hsts.StartsWith("max-age=", StringComparison.Ordinal), what + ": no HSTS");
                    Assert.True(long.Parse(hsts!.Split(';')[0].Substring(8), System.Globalization.CultureInfo.InvariantCulture) >= 15_552_000, what + ": HSTS shorter than 180 days");
                }
                else
                {
                    Assert.True(hsts is null, what + ": HSTS over plain HTTP");
                }

                Assert.False(response.Headers.Contains("Server"), what + ": a Server header");
            }
        }

        // The sign-in cookie over HTTPS is Secure and HttpOnly; over loopback HTTP it is HttpOnly.
        Assert.Contains(https.Cookies.GetCookies(site.Https!).Cast<Cookie>(), c => c.Name == "RfqSender.Auth" && c.Secure && c.HttpOnly);
        Assert.Contains(http.Cookies.GetCookies(site.Http!).Cast<Cookie>(), c => c.Name == "RfqSender.Auth" && c.HttpOnly);
    }

    [Fact]
    public async Task Sign_in_attempts_past_the_limit_are_refused_with_429_even_with_the_right_password()
    {
        await using var site = await StatusSite.StartAsync(new StatusSiteOptions { SignInAttemptsPerMinute = 3 });
        using var client = site.Client();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await client.SignInAsync(StatusSite.Operator, "guess " + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var limited = await client.SignInAsync(StatusSite.Operator, StatusSite.Password);
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null, "no Retry-After");
        Assert.DoesNotContain(client.Cookies.GetCookies(site.BaseUrl).Cast<Cookie>(), c => c.Name == "RfqSender.Auth");
        using var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;
}
