using System.Net;
using System.Text.Json;
using RfqSender.Web.Security;

namespace RfqSender.Web.Tests.Site;

/// <summary>
/// Who may see and do what, over HTTP as a client without script would ask: nothing without sign-in (pages, JSON,
/// reports, vendors' files), a viewer reads but is refused every action, a form without this site's anti-forgery
/// token changes nothing, the sign-in is rate-limited and never redirects off the site.
/// </summary>
public sealed class AccessTests : IAsyncLifetime
{
    private StatusSite _site = null!;

    public async Task InitializeAsync() => _site = await StatusSite.StartAsync(new StatusSiteOptions { SignInAttemptsPerMinute = 100 }, SiteSeed.All(60));

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private string Campaign => "/campaigns/" + SiteSeed.Mixed;

    [Fact]
    public async Task Without_sign_in_no_page_json_report_or_file_shows_anything_of_a_campaign()
    {
        var (replyId, _) = await SiteSeed.QuoteFileAsync(_site.Store);
        var corpus = "/campaigns/" + Uri.EscapeDataString(SiteSeed.Corpus);
        var paths = new[]
        {
            "/", Campaign, Campaign + "?state=Failed", Campaign + "/vendors/v0001", Campaign + "/live", Campaign + "/report",
            Campaign + "/report?format=csv", Campaign + "/report?format=json", corpus, "/replies", $"/replies/{replyId}/files/0",
        };
        using var client = _site.Client();
        foreach (var path in paths)
        {
            using (var page = await client.GetAsync(path))
            {
                Assert.True(page.StatusCode == HttpStatusCode.Redirect, $"GET {path} as a page: {(int)page.StatusCode}");
                Assert.Equal("/signin", page.Headers.Location!.IsAbsoluteUri ? page.Headers.Location.AbsolutePath : page.Headers.Location.OriginalString.Split('?')[0]);
                await AssertNothingOfTheCampaignAsync(page, path);
            }

            using (var json = await client.GetAsync(path, "application/json"))
            {
                Assert.True(json.StatusCode == HttpStatusCode.Unauthorized, $"GET {path} as JSON: {(int)json.StatusCode}");
                await AssertNothingOfTheCampaignAsync(json, path);
            }
        }

        foreach (var action in new[] { Campaign + "/pause", Campaign + "/resume", Campaign + "/vendors/v0001/exclude", $"/replies/{replyId}/assign" })
        {
            using var post = await client.PostFormAsync(action, new Dictionary<string, string> { ["reason"] = "x", ["rfq"] = SiteSeed.Mixed, ["vendorKey"] = "v0001" }, token: null);
            Assert.True(post.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest or HttpStatusCode.Redirect, $"POST {action}: {(int)post.StatusCode}");
            if (post.StatusCode == HttpStatusCode.Redirect)
            {
                Assert.StartsWith("/signin", post.Headers.Location!.OriginalString);
            }
        }

        Assert.False((await SiteSeed.CampaignAsync(_site.Store, SiteSeed.Mixed)).IsPaused);
    }

    [Fact]
    public async Task A_signed_in_viewer_reads_every_page_but_is_refused_each_action_with_403_and_nothing_changes()
    {
        using var viewer = await _site.SignedInClientAsync(StatusSite.Viewer);
        var html = await viewer.GetStringAsync(Campaign);
        Assert.Contains("v0001", html);
        Assert.DoesNotContain("id=\"pause-button\"", html);
        var vendorPage = await viewer.GetStringAsync(Campaign + "/vendors/v0002");
        Assert.DoesNotContain("id=\"exclude-button\"", vendorPage);
        var (replyId, _) = await SiteSeed.QuoteFileAsync(_site.Store);

        // The viewer's own, valid anti-forgery token: the refusal is for the role, not the form.
        var token = SiteClient.Token(html);
        foreach (var action in new[] { Campaign + "/pause", Campaign + "/resume", Campaign + "/vendors/v0002/exclude", $"/replies/{replyId}/assign" })
        {
            using var post = await viewer.PostFormAsync(action, new Dictionary<string, string> { ["reason"] = "viewer tries", ["rfq"] = SiteSeed.Mixed, ["vendorKey"] = "v0002" }, token);
            Assert.True(post.StatusCode == HttpStatusCode.Forbidden, $"POST {action} as a viewer: {(int)post.StatusCode}");
        }

        Assert.False((await SiteSeed.CampaignAsync(_site.Store, SiteSeed.Mixed)).IsPaused);
        using var live = await viewer.LiveAsync(SiteSeed.Mixed);
        Assert.False(JsonDocument.Parse(await live.Content.ReadAsStringAsync()).RootElement.GetProperty("paused").GetBoolean());
        Assert.DoesNotContain("Skipped", await viewer.GetStringAsync(Campaign + "/vendors/v0002"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operators_form_without_the_token_with_a_wrong_one_or_with_another_sessions_is_refused_and_the_right_one_pauses()
    {
        using var olivia = await _site.SignedInClientAsync(StatusSite.Operator);
        using var other = await _site.SignedInClientAsync(StatusSite.Operator);
        var html = await olivia.GetStringAsync(Campaign);
        Assert.Contains("id=\"pause-button\"", html);
        var token = SiteClient.Token(html);
        var othersToken = SiteClient.Token(await other.GetStringAsync(Campaign));
        var reason = new Dictionary<string, string> { ["reason"] = "supplier list under review" };

        foreach (var (what, forged) in new[] { ("no token", (string?)null), ("a wrong token", "CfDJ8" + new string('A', 150)), ("another session's token", othersToken), ("an empty token", string.Empty) })
        {
            using var post = await olivia.PostFormAsync(Campaign + "/pause", reason, forged);
            Assert.True(post.StatusCode == HttpStatusCode.BadRequest, $"pause with {what}: {(int)post.StatusCode}");
            Assert.False((await SiteSeed.CampaignAsync(_site.Store, SiteSeed.Mixed)).IsPaused, what);
        }

        using (var pause = await olivia.PostFormAsync(Campaign + "/pause", reason, token))
        {
            Assert.Equal(HttpStatusCode.SeeOther, pause.StatusCode);
            Assert.Equal(Campaign, pause.Headers.Location!.OriginalString);
        }

        var paused = await SiteSeed.CampaignAsync(_site.Store, SiteSeed.Mixed);
        Assert.True(paused.IsPaused);
        Assert.Equal(StatusSite.Operator, paused.PausedBy);
        Assert.Equal("supplier list under review", paused.PauseReason);
        var after = await olivia.GetStringAsync(Campaign);
        Assert.Contains("id=\"paused-banner\"", after);
        Assert.Contains("id=\"audit\"", after);
        Assert.Contains(StatusSite.Operator, after.Substring(after.IndexOf("id=\"audit\"", StringComparison.Ordinal)));

        using (var forgedResume = await olivia.PostFormAsync(Campaign + "/resume", null, othersToken))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forgedResume.StatusCode);
        }

        Assert.True((await SiteSeed.CampaignAsync(_site.Store, SiteSeed.Mixed)).IsPaused);
        using (var resume = await olivia.PostFormAsync(Campaign + "/resume", null, SiteClient.Token(after)))
        {
            Assert.Equal(HttpStatusCode.SeeOther, resume.StatusCode);
        }

        Assert.False((await SiteSeed.CampaignAsync(_site.Store, SiteSeed.Mixed)).IsPaused);
        using var store = Engine.Tracking.DeliveryStoreFactory.Open(_site.Store, create: false);
        var audit = await store.GetAuditAsync(SiteSeed.Mixed, 10, CancellationToken.None);
        Assert.Equal(2, audit.Count(a => a.User == StatusSite.Operator && a.Source == "web"));
    }

    [Fact]
    public async Task Report_and_vendor_files_download_as_attachments_for_a_signed_in_viewer()
    {
        using var viewer = await _site.SignedInClientAsync(StatusSite.Viewer);
        using (var csv = await viewer.GetAsync(Campaign + "/report?format=csv"))
        {
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.StartsWith("text/csv", csv.Content.Headers.ContentType!.ToString());
            Assert.Equal("attachment", csv.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Contains("v0001", await csv.Content.ReadAsStringAsync());
        }

        var (replyId, savedPath) = await SiteSeed.QuoteFileAsync(_site.Store);
        using var file = await viewer.GetAsync($"/replies/{replyId}/files/0");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/octet-stream", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(await File.ReadAllBytesAsync(savedPath), await file.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_wrong_password_signs_nobody_in_and_a_return_address_off_the_site_goes_home_instead()
    {
        using var client = _site.Client();
        using (var wrong = await client.SignInAsync(StatusSite.Operator, "not the password"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains("id=\"signin-error\"", await wrong.Content.ReadAsStringAsync());
        }

        using (var unknown = await client.SignInAsync("mallory", StatusSite.Password))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        }

        using (var still = await client.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.Redirect, still.StatusCode);
        }

        foreach (var offSite in new[] { "//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)" })
        {
            using var fresh = _site.Client();
            using var ok = await fresh.SignInAsync(StatusSite.Viewer, StatusSite.Password, offSite);
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
            Assert.Equal("/", ok.Headers.Location!.OriginalString);
        }

        using var back = _site.Client();
        using var deep = await back.SignInAsync(StatusSite.Viewer, StatusSite.Password, Campaign + "?state=Failed");
        Assert.Equal(Campaign + "?state=Failed", deep.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Signing_out_needs_the_token_and_ends_the_session()
    {
        using var viewer = await _site.SignedInClientAsync(StatusSite.Viewer);
        var token = await viewer.TokenAsync("/");
        using (var forged = await viewer.PostFormAsync("/signout", null, token: null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        using (var stillIn = await viewer.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        }

        using (var signOut = await viewer.PostFormAsync("/signout", null, token))
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        }

        using var after = await viewer.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    /// <summary>
    /// The users file is the list of who may use the page: an operator taken out of it, or made a viewer, must lose
    /// the access at once, not keep it for as long as an already issued sign-in cookie slides on (8 h after each use).
    /// </summary>
    [Fact]
    public async Task A_user_removed_from_the_users_file_or_made_a_viewer_loses_that_access_at_the_next_request()
    {
        using var olivia = await _site.SignedInClientAsync(StatusSite.Operator);
        using var victor = await _site.SignedInClientAsync(StatusSite.Viewer);
        var token = SiteClient.Token(await olivia.GetStringAsync(Campaign));

        var users = new LocalUserFile(_site.Options.UsersFile!);
        users.AddOrUpdate(StatusSite.Operator, StatusRoles.Viewer, StatusSite.Password, iterations: 1000);
        var file = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(users.Path))!;
        var list = file["users"]!.AsArray();
        list.Remove(list.First(u => (string?)u!["name"] == StatusSite.Viewer));
        File.WriteAllText(users.Path, file.ToJsonString());

        using (var pause = await olivia.PostFormAsync(Campaign + "/pause", null, token))
        {
            Assert.True(pause.StatusCode == HttpStatusCode.Forbidden, $"a demoted operator's pause: {(int)pause.StatusCode}");
        }

        Assert.False((await SiteSeed.CampaignAsync(_site.Store, SiteSeed.Mixed)).IsPaused);
        using var removed = await victor.GetAsync(Campaign);
        Assert.True(removed.StatusCode == HttpStatusCode.Redirect, $"a removed user's page: {(int)removed.StatusCode}");
    }

    [Fact]
    public async Task A_new_password_ends_the_sign_ins_made_with_the_old_one()
    {
        using var olivia = await _site.SignedInClientAsync(StatusSite.Operator);
        using (var before = await olivia.GetAsync(Campaign))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        new LocalUserFile(_site.Options.UsersFile!).AddOrUpdate(StatusSite.Operator, StatusRoles.Operator, "a new password after a leak", iterations: 1000);
        using var after = await olivia.GetAsync(Campaign);
        using var fresh = await _site.SignedInClientAsync(StatusSite.Operator, "a new password after a leak");
        using var again = await fresh.GetAsync(Campaign);

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    private static async Task AssertNothingOfTheCampaignAsync(HttpResponseMessage response, string path)
    {
        var body = await response.Content.ReadAsStringAsync();
        foreach (var secret in new[] { SiteSeed.Mixed, "Vendor 1", "v0001", "sales1@", "vendor1.example", SiteSeed.Corpus, "%PDF" })
        {
            Assert.False(body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"GET {path} without sign-in shows '{secret}'.");
        }
    }
}
