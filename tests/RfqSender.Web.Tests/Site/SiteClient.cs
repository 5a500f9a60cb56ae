using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace RfqSender.Web.Tests.Site;

/// <summary>
/// An HTTP client of the status page as a browser without script would be: its own cookies, redirects not followed
/// (so a test sees each 302/303), <c>Accept: text/html</c> on page requests unless told otherwise, and the
/// anti-forgery token scraped from a page's forms.
/// </summary>
public sealed class SiteClient : IDisposable
{
    public const string TokenField = "__rfq_csrf";

    private readonly HttpClient _http;

    public SiteClient(Uri baseUrl)
    {
        Cookies = new CookieContainer();
        var handler = new HttpClientHandler
        {
            CookieContainer = Cookies,
            AllowAutoRedirect = false,
            UseProxy = false,
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == Graph.Tests.Fakes.TestCertificates.ServerCertificate.GetCertHashString(),
        };
        _http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public CookieContainer Cookies { get; }

    public Uri BaseUrl => _http.BaseAddress!;

    /// <summary>A GET as a browser asks for a page (Accept: text/html), or with another Accept.</summary>
    public async Task<HttpResponseMessage> GetAsync(string path, string accept = "text/html,application/xhtml+xml")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        return await _http.SendAsync(request);
    }

    public async Task<string> GetStringAsync(string path)
    {
        using var response = await GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The anti-forgery token of the first form of the page at <paramref name="path"/>.</summary>
    public async Task<string> TokenAsync(string path) => Token(await GetStringAsync(path));

    /// <summary>The value of the anti-forgery hidden input in <paramref name="html"/>.</summary>
    public static string Token(string html)
    {
        var match = Regex.Match(html, "name=\"" + TokenField + "\" value=\"([^\"]+)\"");
        Assert.True(match.Success, "The page has no anti-forgery token in a form.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts a form; <paramref name="token"/> is added as the anti-forgery field unless null.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IDictionary<string, string>? fields, string? token, string? origin = null)
    {
        var values = new Dictionary<string, string>(fields ?? new Dictionary<string, string>());
        if (token is not null)
        {
            values[TokenField] = token;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(values) };
        request.Headers.Accept.ParseAdd("text/html");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await _http.SendAsync(request);
    }

    /// <summary>Signs in with the local form (the token taken from the sign-in page); returns the POST's answer.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string user, string password, string returnUrl = "/")
    {
        var token = await TokenAsync("/signin");
        return await PostFormAsync("/signin", new Dictionary<string, string> { ["username"] = user, ["password"] = password, ["returnUrl"] = returnUrl }, token);
    }

    /// <summary>The JSON of the campaign's live counts.</summary>
    public async Task<HttpResponseMessage> LiveAsync(string rfq) => await GetAsync($"/campaigns/{Uri.EscapeDataString(rfq)}/live", "application/json");

    public void Dispose() => _http.Dispose();
}
