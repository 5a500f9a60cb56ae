using System.Net;
using RfqSender.Engine;

namespace RfqSender.Web.Tests.Site;

/// <summary>What the page does at the edges: unknown campaigns and vendors, pages past the end, a sign-in form posted from elsewhere, odd sign-in input, addresses it must not listen on.</summary>
public sealed class EdgeTests : IAsyncLifetime
{
    private StatusSite _site = null!;

    public async Task InitializeAsync() => _site = await StatusSite.StartAsync(seed: SiteSeed.MixedOnly(120));

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private static string Campaign => "/campaigns/" + SiteSeed.Mixed;

    [Fact]
    public async Task Unknown_campaigns_and_vendors_answer_404_and_pages_past_the_end_or_before_the_start_do_not_fail()
    {
        using var viewer = await _site.SignedInClientAsync(StatusSite.Viewer);
        foreach (var path in new[] { "/campaigns/RFQ-NOPE", "/campaigns/RFQ-NOPE/vendors/v0001", Campaign + "/vendors/nobody", "/campaigns/RFQ-NOPE/report", "/replies/999999/files/0" })
        {
            using var response = await viewer.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {path}: {(int)response.StatusCode}");
        }

        using (var live = await viewer.LiveAsync("RFQ-NOPE"))
        {
            Assert.Equal(HttpStatusCode.NotFound, live.StatusCode);
        }

        var beyond = await viewer.GetStringAsync(Campaign + "?offset=100000");
        Assert.Contains("<span id=\"vendor-total\">120</span>", beyond);
        Assert.DoesNotContain("<tr data-vendor=", beyond);
        var before = await viewer.GetStringAsync(Campaign + "?offset=-50");
        Assert.Contains("<tr data-vendor=\"v0001\"", before);
        using var notNumber = await viewer.GetAsync(Campaign + "?offset=abc");
        Assert.True((int)notNumber.StatusCode < 500, $"offset=abc: {(int)notNumber.StatusCode}");
    }

    [Fact]
    public async Task A_sign_in_form_without_this_sites_token_is_refused_so_nobody_is_signed_in_to_someone_elses_account()
    {
        using var client = _site.Client();
        using var forged = await client.PostFormAsync("/signin", new Dictionary<string, string> { ["username"] = StatusSite.Operator, ["password"] = StatusSite.Password }, token: null);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain(client.Cookies.GetCookies(_site.BaseUrl).Cast<Cookie>(), c => c.Name == "RfqSender.Auth");
    }

    [Fact]
    public async Task Odd_sign_in_input_is_refused_as_a_failed_sign_in_never_as_a_server_error()
    {
        using var client = _site.Client();
        var token = await client.TokenAsync("/signin");
        foreach (var fields in new[]
        {
            new Dictionary<string, string>(),
            new Dictionary<string, string> { ["username"] = StatusSite.Operator },
            new Dictionary<string, string> { ["username"] = new string('a', 10_000), ["password"] = "x" },
            new Dictionary<string, string> { ["username"] = StatusSite.Operator + "\r\nX-Injected: 1", ["password"] = StatusSite.Password },
            new Dictionary<string, string> { ["username"] = " " + StatusSite.Operator.ToUpperInvariant() + " ", ["password"] = StatusSite.Password.ToUpperInvariant() },
        })
        {
            using var response = await client.PostFormAsync("/signin", fields, token);
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest, $"{string.Join(",", fields.Keys)}: {(int)response.StatusCode}");
            Assert.False(response.Headers.Contains("X-Injected"));
        }

        Assert.DoesNotContain(client.Cookies.GetCookies(_site.BaseUrl).Cast<Cookie>(), c => c.Name == "RfqSender.Auth");
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://192.0.2.10:0")]
    [InlineData("http://rfq.contoso.example:8080")]
    [InlineData("https://127.0.0.1:0")]
    public async Task The_server_refuses_to_listen_on_plain_http_off_loopback_on_a_host_name_or_on_https_without_a_certificate(string url)
    {
        var options = new StatusServerOptions { Store = _site.Store, Urls = new List<string> { url }, UsersFile = _site.Options.UsersFile };
        var ex = await Assert.ThrowsAsync<RfqSenderException>(() => StatusServer.StartAsync(options, CancellationToken.None));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }
}
