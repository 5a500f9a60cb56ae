using System.Globalization;
using System.Text;
using RfqSender.Engine.Tracking;

namespace RfqSender.Web.Pages;

/// <summary>The replies nobody could match, each with a form (for operators) to assign it to a vendor.</summary>
public static class RepliesPage
{
    /// <summary>The page.</summary>
    public static string Render(PageContext page, IReadOnlyList<InboundRecord> unmatched, IReadOnlyList<CampaignRecord> campaigns)
    {
        var sb = new StringBuilder();
        sb.Append("<h1>Unmatched replies</h1>");
        if (unmatched.Count == 0)
        {
            sb.Append("<p id=\"no-unmatched\">Every message read was matched to a delivery.</p>");
            return PageLayout.Render(page, "Unmatched replies", sb.ToString(), "<a href=\"/\">Campaigns</a> › Replies");
        }

        sb.Append("<table class=\"grid\" id=\"unmatched\"><thead><tr><th>#</th><th>Received</th><th>What</th><th>From</th><th>Subject</th><th>Why unmatched</th>")
          .Append(page.IsOperator ? "<th>Assign to</th>" : string.Empty).Append("</tr></thead><tbody>");
        foreach (var reply in unmatched)
        {
            var id = reply.Id.ToString(CultureInfo.InvariantCulture);
            sb.Append("<tr data-reply=\"").Append(id).Append("\"><td>").Append(id).Append("</td><td>").Append(Html.Seconds(reply.ReceivedAt)).Append("</td><td>")
              .Append(Html.E(reply.Classification)).Append("</td><td>").Append(Html.E(reply.From)).Append("</td><td class=\"detail\">").Append(Html.E(reply.Subject))
              .Append("</td><td class=\"detail\">").Append(Html.E(reply.MatchReason)).Append("</td>");
            if (page.IsOperator)
            {
                var select = new StringBuilder("<select name=\"rfq\" aria-label=\"Campaign\">");
                foreach (var c in campaigns)
                {
                    select.Append("<option>").Append(Html.E(c.RfqNumber)).Append("</option>");
                }

                select.Append("</select><input name=\"vendorKey\" required maxlength=\"200\" placeholder=\"Vendor key\" aria-label=\"Vendor key\">")
                      .Append("<input name=\"reason\" maxlength=\"200\" placeholder=\"Reason\" aria-label=\"Reason\">");
                sb.Append("<td>").Append(page.PostButton("/replies/" + id + "/assign", "Assign", "button", select.ToString(), "assign-" + id)).Append("</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</tbody></table>");
        return PageLayout.Render(page, "Unmatched replies", sb.ToString(), "<a href=\"/\">Campaigns</a> › Replies");
    }
}
