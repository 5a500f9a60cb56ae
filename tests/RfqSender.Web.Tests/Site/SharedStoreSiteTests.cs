using System.Net;
using System.Text.Json;
using RfqSender.Engine.Tests.Tracking.PostgreSql;
using RfqSender.Engine.Tracking;

namespace RfqSender.Web.Tests.Site;

/// <summary>The status page over the shared store (PostgreSQL): the same pages, filters, paging, live counts and actions as over SQLite.</summary>
public sealed class SharedStoreSiteTests
{
    [SkippableFact]
    public async Task Over_postgresql_the_campaign_pages_filter_search_page_count_and_pause()
    {
        var server = PostgreSqlTestServer.Require();
        var schema = server.CreateSchema();
        try
        {
            var store = server.Store(schema);
            await using var site = await StatusSite.StartAsync(new StatusSiteOptions { Store = store }, SiteSeed.MixedOnly(120));
            using var olivia = await site.SignedInClientAsync(StatusSite.Operator);
            var path = "/campaigns/" + SiteSeed.Mixed;

            var list = await olivia.GetStringAsync("/");
            Assert.Contains(SiteSeed.Mixed, list);
            Assert.Contains("PostgreSQL", list);

            var failed = await olivia.GetStringAsync(path + "?state=Failed");
            Assert.Contains("<span id=\"vendor-total\">24</span>", failed);
            var search = await olivia.GetStringAsync(path + "?q=vendor7&category=Cable");
            Assert.Equal(new[] { "v0070", "v0072", "v0074", "v0076", "v0078" }, Vendors(search));
            var last = await olivia.GetStringAsync(path + "?offset=100");
            Assert.Contains("101–120 of", last);
            Assert.Equal(20, Vendors(last).Length);

            using (var live = await olivia.LiveAsync(SiteSeed.Mixed))
            {
                var json = JsonDocument.Parse(await live.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal(120, json.GetProperty("total").GetInt32());
                Assert.Equal(24, json.GetProperty("counts").GetProperty("Failed").GetInt32());
            }

            using (var pause = await olivia.PostFormAsync(path + "/pause", new Dictionary<string, string> { ["reason"] = "shared store" }, SiteClient.Token(failed)))
            {
                Assert.Equal(HttpStatusCode.SeeOther, pause.StatusCode);
            }

            var campaign = await SiteSeed.CampaignAsync(store, SiteSeed.Mixed);
            Assert.True(campaign.IsPaused);
            Assert.Equal(StatusSite.Operator, campaign.PausedBy);
        }
        finally
        {
            server.DropSchema(schema);
        }
    }

    private static string[] Vendors(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "<tr data-vendor=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();
}
