using System.Globalization;
using System.Text;
using RfqSender.Engine.Reporting;
using RfqSender.Engine.Tracking;

namespace RfqSender.Web.Pages;

/// <summary>
/// One campaign: live counts by state (refreshed by the page's script), the overview and its charts, the vendor
/// table (filtered, searched and paged by the store, so 100,000 vendors cost one page), the actions for operators
/// and the audit trail.
/// </summary>
public static class CampaignPage
{
    /// <summary>The states in the order the tiles show them.</summary>
    public static readonly DeliveryState[] StateOrder =
    {
        DeliveryState.Queued, DeliveryState.Sending, DeliveryState.Sent, DeliveryState.Responded, DeliveryState.Deferred,
        DeliveryState.InDoubt, DeliveryState.Failed, DeliveryState.Skipped,
    };

    /// <summary>The page.</summary>
    public static string Render(PageContext page, CampaignView view)
    {
        var c = view.Campaign;
        var path = "/campaigns/" + Uri.EscapeDataString(c.RfqNumber);
        var sb = new StringBuilder(16 * 1024);
        sb.Append("<h1><span id=\"rfq-number\">").Append(Html.E(c.RfqNumber)).Append("</span> ").Append(Html.E(c.Title)).Append("</h1>");
        sb.Append("<p class=\"muted\">Due ").Append(Html.E(c.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
          .Append(" · from ").Append(Html.E(c.From)).Append(" · registered ").Append(Html.Time(c.CreatedAt)).Append("</p>");
        if (c.InputIncomplete is not null)
        {
            sb.Append("<p class=\"warning\">").Append(Html.E(c.InputIncomplete)).Append("</p>");
        }

        sb.Append("<section class=\"actions\" id=\"campaign-actions\">");
        if (c.IsPaused)
        {
            sb.Append("<p class=\"warning\" id=\"paused-banner\">Paused by ").Append(Html.E(c.PausedBy)).Append(" at ").Append(Html.Time(c.PausedAt))
              .Append(string.IsNullOrEmpty(c.PauseReason) ? string.Empty : ": " + Html.E(c.PauseReason))
              .Append(". No sender claims its deliveries until it is resumed.</p>");
        }

        if (page.IsOperator)
        {
            sb.Append(c.IsPaused
                ? page.PostButton(path + "/resume", "Resume sending", "button", id: "resume-button")
                : page.PostButton(path + "/pause", "Pause sending", "button warn",
                    "<input name=\"reason\" maxlength=\"200\" placeholder=\"Reason (optional)\" aria-label=\"Reason\">", id: "pause-button"));
        }

        sb.Append("<a class=\"button\" id=\"report-link\" href=\"").Append(Html.E(path)).Append("/report\">Download report</a> ")
          .Append("<a href=\"").Append(Html.E(path)).Append("/report?format=csv\">CSV</a> ")
          .Append("<a href=\"").Append(Html.E(path)).Append("/report?format=json\">JSON</a>");
        sb.Append("</section>");

        Live(sb, page, view, path);
        Overview(sb, view.Overview);
        Filter(sb, view, path);
        Table(sb, view, path);
        Audit(sb, view.Audit);
        return PageLayout.Render(page, c.RfqNumber, sb.ToString(), $"<a href=\"/\">Campaigns</a> › {Html.E(c.RfqNumber)}");
    }

    /// <summary>A small "paused" mark for lists.</summary>
    public static string PausedBadge(CampaignRecord campaign) =>
        campaign.IsPaused ? "<span class=\"badge warn\">paused</span>" : string.Empty;

    private static void Live(StringBuilder sb, PageContext page, CampaignView view, string path)
    {
        var c = view.Campaign;
        var done = c.Total - c.Open;
        sb.Append("<section class=\"live\" id=\"live\" data-live=\"").Append(Html.E(path)).Append("/live\" data-interval=\"")
          .Append(((int)page.LiveInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)).Append("\">");
        sb.Append("<div class=\"tiles\">");
        sb.Append("<div class=\"tile\"><span class=\"value\" id=\"count-Total\" data-count=\"Total\">").Append(Html.Count(c.Total)).Append("</span><span class=\"label\">Vendors</span></div>");
        foreach (var state in StateOrder)
        {
            sb.Append("<div class=\"tile state-").Append(state.ToString().ToLowerInvariant()).Append("\"><span class=\"value\" id=\"count-").Append(state)
              .Append("\" data-count=\"").Append(state).Append("\">").Append(Html.Count(c.Counts.TryGetValue(state, out var n) ? n : 0))
              .Append("</span><span class=\"label\">").Append(state).Append("</span></div>");
        }

        sb.Append("</div><div class=\"progress\"><progress id=\"progress\" max=\"").Append(Math.Max(1, c.Total)).Append("\" value=\"").Append(done).Append("\"></progress> ")
          .Append("<span id=\"progress-text\">").Append(Html.Count(done)).Append(" of ").Append(Html.Count(c.Total)).Append(" done</span> · updated <span id=\"updated-at\">")
          .Append(Html.Seconds(c.UpdatedAt)).Append("</span> <span id=\"live-status\" class=\"muted\"></span></div></section>");
    }

    private static void Overview(StringBuilder sb, CampaignReport report)
    {
        var t = report.Totals;
        sb.Append("<section class=\"overview\"><h2>Answers</h2><div class=\"tiles\">")
          .Append("<div class=\"tile\"><span class=\"value\" id=\"response-rate\">").Append(Html.Percent(t.ResponseRate)).Append("</span><span class=\"label\">Response rate</span></div>")
          .Append("<div class=\"tile\"><span class=\"value\">").Append(Html.Count(t.Answered)).Append("</span><span class=\"label\">Answered</span></div>")
          .Append("<div class=\"tile\"><span class=\"value\">").Append(Html.Count(t.Silent)).Append("</span><span class=\"label\">Silent</span></div>")
          .Append("<div class=\"tile\"><span class=\"value\">").Append(Html.Count(t.Bounced)).Append("</span><span class=\"label\">Bounced</span></div>")
          .Append("<div class=\"tile\"><span class=\"value\">").Append(Html.Duration(report.MedianTimeToAnswer)).Append("</span><span class=\"label\">Median time to answer</span></div>")
          .Append("<div class=\"tile\"><span class=\"value\">").Append(Html.Count(report.RemindersSent)).Append("</span><span class=\"label\">Reminders sent</span></div>")
          .Append("</div><p class=\"muted\">As of ").Append(Html.Seconds(report.GeneratedAt)).Append(".</p>");
        sb.Append("<div class=\"charts\"><figure>").Append(ReportCharts.StatusBar(t)).Append("<figcaption>Vendors by status</figcaption></figure>")
          .Append("<figure>").Append(ReportCharts.Timeline(report.Days)).Append("<figcaption>Sent and answered, day by day</figcaption></figure></div>");
        if (report.Categories.Count > 1)
        {
            sb.Append("<table class=\"grid\" id=\"categories\"><thead><tr><th>Category</th><th class=\"num\">Vendors</th><th class=\"num\">Sent</th><th class=\"num\">Answered</th><th class=\"num\">Response rate</th></tr></thead><tbody>");
            foreach (var category in report.Categories)
            {
                sb.Append("<tr><td>").Append(Html.E(category.Category)).Append("</td><td class=\"num\">").Append(Html.Count(category.Vendors))
                  .Append("</td><td class=\"num\">").Append(Html.Count(category.Sent)).Append("</td><td class=\"num\">").Append(Html.Count(category.Answered))
                  .Append("</td><td class=\"num\">").Append(Html.Percent(category.ResponseRate)).Append("</td></tr>");
            }

            sb.Append("</tbody></table>");
        }

        sb.Append("</section>");
    }

    private static void Filter(StringBuilder sb, CampaignView view, string path)
    {
        var q = view.Query;
        var state = q.States is { Count: 1 } one ? one.First().ToString() : string.Empty;
        sb.Append("<section><h2>Vendors</h2><form method=\"get\" action=\"").Append(Html.E(path)).Append("\" class=\"filter\" id=\"filter\">")
          .Append("<label>State <select name=\"state\" id=\"filter-state\"><option value=\"\">Any</option>");
        foreach (var s in StateOrder)
        {
            sb.Append("<option").Append(state == s.ToString() ? " selected" : string.Empty).Append('>').Append(s).Append("</option>");
        }

        sb.Append("</select></label><label>Category <select name=\"category\" id=\"filter-category\"><option value=\"\">Any</option>");
        foreach (var category in view.Categories)
        {
            sb.Append("<option").Append(string.Equals(q.Category, category, StringComparison.OrdinalIgnoreCase) ? " selected" : string.Empty)
              .Append(" value=\"").Append(Html.E(category)).Append("\">").Append(Html.E(category)).Append("</option>");
        }

        sb.Append("</select></label><label>Search <input type=\"search\" name=\"q\" id=\"filter-search\" maxlength=\"200\" value=\"").Append(Html.E(q.Search))
          .Append("\" placeholder=\"Name, key or address\"></label><button type=\"submit\" class=\"button\" id=\"filter-submit\">Filter</button>")
          .Append(" <a href=\"").Append(Html.E(path)).Append("\">Clear</a></form>");
    }

    private static void Table(StringBuilder sb, CampaignView view, string path)
    {
        var page = view.Vendors;
        var from = page.Total == 0 ? 0 : page.Offset + 1;
        var to = page.Offset + page.Records.Count;
        sb.Append("<p class=\"muted\" id=\"vendor-range\">").Append(Html.Count(from)).Append("–").Append(Html.Count(to)).Append(" of <span id=\"vendor-total\">")
          .Append(Html.Count(page.Total)).Append("</span> vendors</p>");
        sb.Append("<table class=\"grid\" id=\"vendors\"><thead><tr><th>Vendor</th><th>Key</th><th>To</th><th>Categories</th><th>State</th><th class=\"num\">Attempts</th><th>Sent</th><th class=\"num\">Reminders</th><th>Detail</th></tr></thead><tbody>");
        foreach (var d in page.Records)
        {
            sb.Append("<tr data-vendor=\"").Append(Html.E(d.VendorKey)).Append("\"><td><a href=\"").Append(Html.E(path)).Append("/vendors/").Append(Html.Segment(d.VendorKey)).Append("\">")
              .Append(Html.E(d.VendorName)).Append("</a></td><td>").Append(Html.E(d.VendorKey)).Append("</td><td>").Append(Html.E(string.Join("; ", d.To)))
              .Append("</td><td>").Append(Html.E(string.Join(", ", d.Categories))).Append("</td><td><span class=\"state state-").Append(d.State.ToString().ToLowerInvariant())
              .Append("\">").Append(d.State).Append("</span></td><td class=\"num\">").Append(d.Attempts).Append("</td><td>").Append(Html.Time(d.SentAt))
              .Append("</td><td class=\"num\">").Append(d.Reminders).Append("</td><td class=\"detail\">").Append(Html.E(Shorten(d.Detail, 140))).Append("</td></tr>");
        }

        sb.Append("</tbody></table>");
        if (page.Total > page.Limit)
        {
            sb.Append("<nav class=\"pager\" id=\"pager\">");
            if (page.Offset > 0)
            {
                sb.Append("<a id=\"page-prev\" href=\"").Append(Html.E(PageLink(path, view.Query, Math.Max(0, page.Offset - page.Limit)))).Append("\">‹ Previous</a> ");
            }

            var pages = (page.Total + page.Limit - 1) / page.Limit;
            sb.Append("Page ").Append(Html.Count(page.Offset / page.Limit + 1)).Append(" of ").Append(Html.Count(pages));
            if (to < page.Total)
            {
                sb.Append(" <a id=\"page-next\" href=\"").Append(Html.E(PageLink(path, view.Query, page.Offset + page.Limit))).Append("\">Next ›</a>");
                sb.Append(" <a id=\"page-last\" href=\"").Append(Html.E(PageLink(path, view.Query, (pages - 1) * page.Limit))).Append("\">Last »</a>");
            }

            sb.Append("</nav>");
        }

        sb.Append("</section>");
    }

    private static void Audit(StringBuilder sb, IReadOnlyList<AuditEntry> audit)
    {
        if (audit.Count == 0)
        {
            return;
        }

        sb.Append("<section><h2>Changes by people</h2><table class=\"grid\" id=\"audit\"><thead><tr><th>When</th><th>Who</th><th>What</th><th>Vendor</th><th>Detail</th></tr></thead><tbody>");
        foreach (var entry in audit)
        {
            sb.Append("<tr><td>").Append(Html.Seconds(entry.At)).Append("</td><td>").Append(Html.E(entry.User)).Append(string.IsNullOrEmpty(entry.Source) ? string.Empty : " <span class=\"muted\">(" + Html.E(entry.Source) + ")</span>")
              .Append("</td><td>").Append(Html.E(entry.Action)).Append("</td><td>").Append(Html.E(entry.VendorKey)).Append("</td><td>").Append(Html.E(entry.Detail)).Append("</td></tr>");
        }

        sb.Append("</tbody></table></section>");
    }

    /// <summary>The campaign page's link for another page of the same filter.</summary>
    public static string PageLink(string path, DeliveryPageQuery query, int offset)
    {
        var parts = new List<string>();
        if (query.States is { Count: 1 } one)
        {
            parts.Add("state=" + Uri.EscapeDataString(one.First().ToString()));
        }

        if (!string.IsNullOrEmpty(query.Category))
        {
            parts.Add("category=" + Uri.EscapeDataString(query.Category!));
        }

        if (!string.IsNullOrEmpty(query.Search))
        {
            parts.Add("q=" + Uri.EscapeDataString(query.Search!));
        }

        if (offset > 0)
        {
            parts.Add("offset=" + offset.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? path : path + "?" + string.Join("&", parts);
    }

    private static string? Shorten(string? text, int max) =>
        text is null || text.Length <= max ? text : text.Substring(0, max - 1) + "…";
}
