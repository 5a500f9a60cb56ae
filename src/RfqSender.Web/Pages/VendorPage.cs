using System.Globalization;
using System.Text;
using RfqSender.Engine.Tracking;

namespace RfqSender.Web.Pages;

/// <summary>One vendor's delivery and its history: attempts, the server's replies, reminders, replies with their files, quotes.</summary>
public static class VendorPage
{
    /// <summary>The page.</summary>
    public static string Render(PageContext page, VendorView view)
    {
        var d = view.Delivery;
        var campaignPath = "/campaigns/" + Uri.EscapeDataString(d.RfqNumber);
        var path = campaignPath + "/vendors/" + Uri.EscapeDataString(d.VendorKey);
        var sb = new StringBuilder(8 * 1024);
        sb.Append("<h1 id=\"vendor-name\">").Append(Html.E(d.VendorName)).Append("</h1>");
        sb.Append("<dl class=\"facts\">");
        Fact(sb, "Key", d.VendorKey);
        Fact(sb, "State", d.State.ToString(), "vendor-state");
        Fact(sb, "To", string.Join("; ", d.To));
        if (d.Cc.Count > 0)
        {
            Fact(sb, "Cc", string.Join("; ", d.Cc));
        }

        Fact(sb, "Categories", string.Join(", ", d.Categories));
        Fact(sb, "Attempts", d.Attempts.ToString(CultureInfo.InvariantCulture));
        Fact(sb, "Sent", Html.Seconds(d.SentAt), raw: true);
        Fact(sb, "Next attempt", Html.Seconds(d.NextAttemptAt), raw: true);
        Fact(sb, "Message-ID", d.MessageId);
        Fact(sb, "Reminders", d.Reminders.ToString(CultureInfo.InvariantCulture) + (d.LastReminderAt is null ? string.Empty : ", last " + Html.Time(d.LastReminderAt)));
        Fact(sb, "Detail", d.Detail ?? string.Empty, "vendor-detail");
        sb.Append("</dl>");

        if (page.IsOperator && d.State is DeliveryState.Queued or DeliveryState.Deferred or DeliveryState.InDoubt or DeliveryState.Failed)
        {
            sb.Append("<section class=\"actions\"><h2>Exclude</h2><p>The vendor is not sent to (or reminded) again; the delivery becomes Skipped.</p>")
              .Append(page.PostButton(path + "/exclude", "Exclude this vendor", "button warn",
                  "<input name=\"reason\" maxlength=\"200\" required placeholder=\"Reason\" aria-label=\"Reason\" id=\"exclude-reason\">", id: "exclude-button"))
              .Append("</section>");
        }

        sb.Append("<section><h2>Attempts</h2>");
        if (view.Attempts.Count == 0)
        {
            sb.Append("<p class=\"muted\" id=\"no-attempts\">No send attempt is recorded (none yet, or made before this store kept them).</p>");
        }
        else
        {
            sb.Append("<table class=\"grid\" id=\"attempts\"><thead><tr><th>When</th><th class=\"num\">Attempt</th><th>Outcome</th><th>Server's reply</th><th>Sender</th></tr></thead><tbody>");
            foreach (var a in view.Attempts)
            {
                sb.Append("<tr><td>").Append(Html.Seconds(a.At)).Append("</td><td class=\"num\">").Append(a.Number).Append("</td><td><span class=\"state state-")
                  .Append(a.State.ToString().ToLowerInvariant()).Append("\">").Append(a.State).Append("</span></td><td class=\"detail\">").Append(Html.E(a.Detail))
                  .Append("</td><td class=\"detail\">").Append(Html.E(a.Sender)).Append("</td></tr>");
            }

            sb.Append("</tbody></table>");
        }

        sb.Append("</section>");
        sb.Append("<section><h2>Changes</h2><table class=\"grid\" id=\"history\"><thead><tr><th>When</th><th>From</th><th>To</th><th>By</th><th>Why</th></tr></thead><tbody>");
        foreach (var change in view.Changes)
        {
            sb.Append("<tr><td>").Append(Html.Seconds(change.ChangedAt)).Append("</td><td>").Append(change.From).Append("</td><td>").Append(change.To)
              .Append("</td><td>").Append(Html.E(change.ChangedBy)).Append("</td><td class=\"detail\">").Append(Html.E(change.Reason)).Append("</td></tr>");
        }

        sb.Append("</tbody></table></section>");
        if (view.Reminders.Count > 0)
        {
            sb.Append("<section><h2>Reminders</h2><table class=\"grid\" id=\"reminders\"><thead><tr><th>When</th><th class=\"num\">Number</th><th>Outcome</th><th>Detail</th></tr></thead><tbody>");
            foreach (var r in view.Reminders)
            {
                sb.Append("<tr><td>").Append(Html.Seconds(r.At)).Append("</td><td class=\"num\">").Append(r.Number).Append("</td><td>").Append(r.State)
                  .Append("</td><td class=\"detail\">").Append(Html.E(r.Detail)).Append("</td></tr>");
            }

            sb.Append("</tbody></table></section>");
        }

        sb.Append("<section><h2>Replies</h2>");
        if (view.Replies.Count == 0)
        {
            sb.Append("<p class=\"muted\" id=\"no-replies\">Nothing has come back from this vendor.</p>");
        }
        else
        {
            sb.Append("<table class=\"grid\" id=\"replies\"><thead><tr><th>Received</th><th>What</th><th>From</th><th>Subject</th><th>Files</th></tr></thead><tbody>");
            foreach (var reply in view.Replies)
            {
                sb.Append("<tr><td>").Append(Html.Seconds(reply.ReceivedAt)).Append("</td><td>").Append(Html.E(reply.Classification)).Append("</td><td>")
                  .Append(Html.E(reply.From)).Append("</td><td class=\"detail\">").Append(Html.E(reply.Subject)).Append("</td><td>");
                for (var i = 0; i < reply.Attachments.Count; i++)
                {
                    var file = reply.Attachments[i];
                    sb.Append(i == 0 ? string.Empty : "<br>");
                    if (file.SavedPath is null)
                    {
                        sb.Append(Html.E(file.FileName)).Append(" <span class=\"muted\">(not kept)</span>");
                    }
                    else
                    {
                        sb.Append("<a class=\"file\" href=\"/replies/").Append(reply.Id.ToString(CultureInfo.InvariantCulture)).Append("/files/").Append(i.ToString(CultureInfo.InvariantCulture))
                          .Append("\">").Append(Html.E(file.FileName)).Append("</a>");
                    }
                }

                sb.Append("</td></tr>");
            }

            sb.Append("</tbody></table>");
        }

        sb.Append("</section>");
        if (view.Quotes.Count > 0)
        {
            sb.Append("<section><h2>Quotes</h2><ul id=\"quotes\">");
            foreach (var quote in view.Quotes)
            {
                sb.Append("<li>").Append(Html.E(quote.FileName)).Append(": ").Append(Html.E(quote.Status.ToString())).Append(", ")
                  .Append(quote.Quoted).Append(" of ").Append(quote.Lines.Count).Append(" items quoted");
                if (quote.Problems.Count > 0)
                {
                    sb.Append(" — ").Append(Html.E(string.Join("; ", quote.Problems.Take(5))));
                }

                sb.Append("</li>");
            }

            sb.Append("</ul></section>");
        }

        return PageLayout.Render(page, d.VendorName, sb.ToString(),
            $"<a href=\"/\">Campaigns</a> › <a href=\"{Html.E(campaignPath)}\">{Html.E(d.RfqNumber)}</a> › {Html.E(d.VendorKey)}");
    }

    private static void Fact(StringBuilder sb, string name, string value, string? id = null, bool raw = false)
    {
        sb.Append("<dt>").Append(Html.E(name)).Append("</dt><dd").Append(id is null ? string.Empty : $" id=\"{id}\"").Append('>')
          .Append(raw ? value : Html.E(value)).Append("</dd>");
    }
}
