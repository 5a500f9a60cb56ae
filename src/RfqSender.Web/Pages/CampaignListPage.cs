using System.Text;
using RfqSender.Engine.Tracking;

namespace RfqSender.Web.Pages;

/// <summary>The first page: every campaign of the store with its counts.</summary>
public static class CampaignListPage
{
    /// <summary>The page.</summary>
    public static string Render(PageContext page, string storeDescription, IReadOnlyList<CampaignRecord> campaigns, int unmatchedReplies)
    {
        var sb = new StringBuilder();
        sb.Append("<h1>Campaigns</h1><p class=\"muted\">Store: ").Append(Html.E(storeDescription)).Append("</p>");
        if (unmatchedReplies > 0)
        {
            sb.Append("<p><a href=\"/replies\" id=\"unmatched-link\">").Append(Html.Count(unmatchedReplies)).Append(" unmatched ")
              .Append(unmatchedReplies == 1 ? "reply" : "replies").Append("</a> to look at.</p>");
        }

        if (campaigns.Count == 0)
        {
            sb.Append("<p id=\"no-campaigns\">No campaign is registered in this store yet.</p>");
            return PageLayout.Render(page, "Campaigns", sb.ToString());
        }

        sb.Append("<table class=\"grid\" id=\"campaigns\"><thead><tr><th>RFQ</th><th>Title</th><th>Due</th><th class=\"num\">Vendors</th>")
          .Append("<th class=\"num\">Sent</th><th class=\"num\">Answered</th><th class=\"num\">Open</th><th class=\"num\">Failed</th><th>Last activity</th><th></th></tr></thead><tbody>");
        foreach (var c in campaigns)
        {
            sb.Append("<tr><td><a href=\"/campaigns/").Append(Html.Segment(c.RfqNumber)).Append("\">").Append(Html.E(c.RfqNumber)).Append("</a></td>")
              .Append("<td>").Append(Html.E(c.Title)).Append("</td>")
              .Append("<td>").Append(Html.E(c.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))).Append("</td>")
              .Append("<td class=\"num\">").Append(Html.Count(c.Total)).Append("</td>")
              .Append("<td class=\"num\">").Append(Html.Count(c.Sent + c.Responded)).Append("</td>")
              .Append("<td class=\"num\">").Append(Html.Count(c.Responded)).Append("</td>")
              .Append("<td class=\"num\">").Append(Html.Count(c.Open)).Append("</td>")
              .Append("<td class=\"num\">").Append(Html.Count(c.Failed)).Append("</td>")
              .Append("<td>").Append(Html.Time(c.LastActivity)).Append("</td>")
              .Append("<td>").Append(CampaignPage.PausedBadge(c)).Append("</td></tr>");
        }

        sb.Append("</tbody></table>");
        return PageLayout.Render(page, "Campaigns", sb.ToString());
    }
}
