using System.Net;
using System.Text;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Reporting;

/// <summary>
/// Writes a <see cref="CampaignReport"/> as one self-contained HTML page: styles inline, charts as inline
/// SVG, no script, no font or image from elsewhere (its Content-Security-Policy forbids loading anything),
/// readable on screen and printed. Every text from the store is HTML-encoded. The summary's figures carry
/// <c>data-metric</c> attributes so a test (or a script) can read them back.
/// </summary>
internal static class HtmlReportWriter
{
    private const string Style = @"
:root { color-scheme: light; }
body { font-family: 'Segoe UI', 'Helvetica Neue', Arial, sans-serif; color: #212121; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #eceff1; padding-bottom: .25rem; }
.meta { color: #546e7a; margin: 0; }
.warning { background: #fff8e1; border-left: 4px solid #f9a825; padding: .5rem .75rem; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: .5rem; margin: 1rem 0; }
.tile { border: 1px solid #cfd8dc; border-radius: 6px; padding: .5rem .75rem; margin: 0; }
.tile dt { font-size: .8rem; color: #546e7a; text-transform: uppercase; letter-spacing: .04em; }
.tile dd { margin: 0; font-size: 1.5rem; font-weight: 600; }
.tile dd.note { font-size: .8rem; font-weight: 400; color: #546e7a; }
.chart { width: 100%; max-width: 900px; height: auto; display: block; margin: .5rem 0; }
td.t { white-space: nowrap; }
mark { background: #c6efce; font-weight: 600; }
td.missing { color: #9e9e9e; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eceff1; vertical-align: top; }
th { background: #f5f7f8; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.status { display: inline-block; padding: 0 .4rem; border-radius: 3px; color: #fff; font-size: .8rem; white-space: nowrap; }
.status-Silent, .status-Skipped, .status-Away { color: #212121; }
footer { margin-top: 2rem; color: #78909c; font-size: .8rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; }
  tr, .tile, .chart { break-inside: avoid; }
  thead { display: table-header-group; }
  .status { border: 1px solid #616161; color: #212121 !important; background: none !important; }
}";

    public static void Write(CampaignReport report, TextWriter output)
    {
        var w = new StringBuilder();
        var title = $"RFQ {report.RfqNumber}: {report.Title}";
        w.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        w.Append("<meta name=\"generator\" content=\"RfqSender\">\n");
        w.Append("<title>").Append(E(title)).Append(" – report</title>\n<style>").Append(Style).Append('\n');
        foreach (var colour in ReportCharts.Colours)
        {
            w.Append(".status-").Append(colour.Key).Append(" { background: ").Append(colour.Value).Append("; }\n");
        }

        w.Append("</style>\n</head>\n<body>\n");

        w.Append("<header>\n<h1>").Append(E(title)).Append("</h1>\n<p class=\"meta\">Due ").Append(E(ReportText.Time(report.DueDate))).Append(" UTC");
        if (report.From.Length > 0)
        {
            w.Append(" · from ").Append(E(report.From));
        }

        w.Append(" · report of ").Append(E(ReportText.Time(report.GeneratedAt))).Append(" UTC</p>\n</header>\n");
        if (report.InputIncomplete is string incomplete)
        {
            w.Append("<p class=\"warning\">The vendor list was not registered completely, so this report does not show every vendor: ").Append(E(incomplete)).Append("</p>\n");
        }

        Summary(w, report);
        Timeline(w, report);
        Categories(w, report);
        Quotes(w, report);
        Vendors(w, report);
        w.Append("<footer>Made by RfqSender from the campaign's delivery store. Times are UTC. A vendor counts as reached when its message was accepted and did not bounce; the response rate is answered of reached.</footer>\n");
        w.Append("</body>\n</html>\n");
        output.Write(w.ToString());
    }

    private static void Summary(StringBuilder w, CampaignReport report)
    {
        var t = report.Totals;
        w.Append("<section id=\"summary\">\n<h2>Summary</h2>\n<dl class=\"tiles\">\n");
        Tile(w, "Vendors", "vendors", ReportText.Count(t.Vendors));
        Tile(w, "Sent", "sent", ReportText.Count(t.Sent));
        Tile(w, "Answered", "answered", ReportText.Count(t.Answered));
        Tile(w, "Response rate", "response-rate", ReportText.Rate(t.ResponseRate), $"{ReportText.Count(t.Answered)} of {ReportText.Count(t.Reached)} reached");
        Tile(w, "Silent", "silent", ReportText.Count(t.Silent));
        Tile(w, "Away", "away", ReportText.Count(t.Away));
        Tile(w, "Bounced", "bounced", ReportText.Count(t.Bounced));
        Tile(w, "Failed", "failed", ReportText.Count(t.Failed));
        Tile(w, "In doubt", "in-doubt", ReportText.Count(t.InDoubt));
        Tile(w, "Not sent yet", "pending", ReportText.Count(t.Pending));
        if (t.Skipped > 0)
        {
            Tile(w, "Skipped", "skipped", ReportText.Count(t.Skipped));
        }

        if (report.RemindersSent > 0)
        {
            Tile(w, "Reminders sent", "reminders", ReportText.Count(report.RemindersSent));
        }

        Tile(w, "Median time to answer", "median-time-to-answer", report.MedianTimeToAnswer is null ? "–" : ReportText.Duration(report.MedianTimeToAnswer));
        if (report.UnmatchedReplies > 0)
        {
            Tile(w, "Unmatched replies", "unmatched", ReportText.Count(report.UnmatchedReplies), "in the store, to assign by hand");
        }

        w.Append("</dl>\n").Append(ReportCharts.StatusBar(t)).Append("\n</section>\n");
    }

    private static void Tile(StringBuilder w, string label, string metric, string value, string? note = null)
    {
        w.Append("<div class=\"tile\"><dt>").Append(E(label)).Append("</dt><dd data-metric=\"").Append(metric).Append("\">").Append(E(value)).Append("</dd>");
        if (note is not null)
        {
            w.Append("<dd class=\"note\">").Append(E(note)).Append("</dd>");
        }

        w.Append("</div>\n");
    }

    private static void Timeline(StringBuilder w, CampaignReport report)
    {
        w.Append("<section id=\"timeline\">\n<h2>Answers over time</h2>\n");
        if (report.Days.Count == 0)
        {
            w.Append("<p>Nothing was sent yet.</p>\n</section>\n");
            return;
        }

        w.Append(ReportCharts.Timeline(report.Days)).Append('\n');
        w.Append("<table id=\"days\">\n<thead><tr><th>Day</th><th class=\"n\">Sent</th><th class=\"n\">Answered</th><th class=\"n\">Sent so far</th><th class=\"n\">Answered so far</th></tr></thead>\n<tbody>\n");
        foreach (var day in report.Days.Where(d => d.Sent > 0 || d.Answered > 0))
        {
            w.Append("<tr><td>").Append(ReportText.Date(day.Date)).Append("</td>")
                .Append(N(day.Sent)).Append(N(day.Answered)).Append(N(day.SentSoFar)).Append(N(day.AnsweredSoFar)).Append("</tr>\n");
        }

        w.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Categories(StringBuilder w, CampaignReport report)
    {
        w.Append("<section id=\"categories\">\n<h2>By category</h2>\n");
        w.Append("<table>\n<thead><tr><th>Category</th><th class=\"n\">Vendors</th><th class=\"n\">Sent</th><th class=\"n\">Answered</th><th class=\"n\">Response rate</th><th class=\"n\">Silent</th><th class=\"n\">Away</th><th class=\"n\">Bounced</th><th class=\"n\">Failed</th><th class=\"n\">In doubt</th><th class=\"n\">Not sent yet</th></tr></thead>\n<tbody>\n");
        foreach (var row in report.Categories.Concat(new[] { report.Totals }))
        {
            var name = row.Category == DeliverySummary.AllCategories ? "All vendors" : row.Category;
            w.Append(row.Category == DeliverySummary.AllCategories ? "<tr class=\"total\"><th>" : "<tr><td>").Append(E(name)).Append(row.Category == DeliverySummary.AllCategories ? "</th>" : "</td>")
                .Append(N(row.Vendors)).Append(N(row.Sent)).Append(N(row.Answered))
                .Append("<td class=\"n\">").Append(E(ReportText.Rate(row.ResponseRate))).Append("</td>")
                .Append(N(row.Silent)).Append(N(row.Away)).Append(N(row.Bounced)).Append(N(row.Failed)).Append(N(row.InDoubt)).Append(N(row.Pending))
                .Append("</tr>\n");
        }

        w.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Vendors(StringBuilder w, CampaignReport report)
    {
        w.Append("<section id=\"vendors\">\n<h2>Vendors</h2>\n");
        w.Append("<table>\n<thead><tr><th>Vendor</th><th>Address</th><th>Categories</th><th>Status</th><th>Sent</th><th class=\"n\">Reminders</th><th>Answered</th><th class=\"n\">Time to answer</th><th class=\"n\">Files</th><th>Quote</th><th>Detail</th></tr></thead>\n<tbody>\n");
        foreach (var v in report.Vendors)
        {
            var detail = v.Status == VendorStatus.Away
                ? (v.AwayUntil is null ? "Out of office" : "Out of office until " + ReportText.Date(v.AwayUntil))
                : v.Status == VendorStatus.Answered && v.AnsweredAt is null ? "Marked answered by hand" : v.Detail ?? string.Empty;
            w.Append("<tr data-vendor=\"").Append(E(v.VendorKey)).Append("\" data-status=\"").Append(v.Status).Append("\"><td>").Append(E(v.VendorName))
                .Append("<br><small>").Append(E(v.VendorKey)).Append("</small></td><td>").Append(E(string.Join(", ", v.To))).Append("</td><td>")
                .Append(E(string.Join(", ", v.Categories))).Append("</td><td><span class=\"status status-").Append(v.Status).Append("\">").Append(E(ReportText.Status(v.Status))).Append("</span></td><td class=\"t\">")
                .Append(E(ReportText.Time(v.SentAt))).Append("</td>").Append(N(v.Reminders)).Append("<td class=\"t\">").Append(E(ReportText.Time(v.AnsweredAt))).Append("</td><td class=\"n t\">")
                .Append(E(ReportText.Duration(v.TimeToAnswer))).Append("</td>").Append(N(v.Attachments)).Append("<td>").Append(E(v.Quote ?? string.Empty)).Append("</td><td>").Append(E(detail)).Append("</td></tr>\n");
        }

        w.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Quotes(StringBuilder w, CampaignReport report)
    {
        if (report.Quotes is not { } c || (c.Vendors.Count == 0 && c.NeedsReview.Count == 0))
        {
            return;
        }

        w.Append("<section id=\"quotes\">\n<h2>Quotes</h2>\n<p>The latest accepted quote sheet of each vendor; the lowest unit price of an item is marked <mark>like this</mark>");
        w.Append(c.Currencies.Count > 1 ? $" in each currency ({E(string.Join(", ", c.Currencies))}: prices are not converted)" : string.Empty).Append(", a missing quote reads –.</p>\n");
        if (c.Vendors.Count > 0)
        {
            w.Append("<table id=\"comparison\">\n<thead><tr><th>Line</th><th>Part</th><th class=\"n\">Quantity</th>");
            foreach (var vendor in c.Vendors)
            {
                w.Append("<th class=\"n\">").Append(E(vendor.VendorName.Length > 0 ? vendor.VendorName : vendor.VendorKey)).Append("</th>");
            }

            w.Append("</tr></thead>\n<tbody>\n");
            foreach (var item in c.Items)
            {
                w.Append("<tr><td>").Append(item.Line).Append("</td><td>").Append(E(item.Part)).Append("<br><small>").Append(E(item.Description)).Append("</small></td><td class=\"n t\">")
                    .Append(E(item.Quantity.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) + " " + item.Unit)).Append("</td>");
                foreach (var cell in item.Cells)
                {
                    if (cell.IsMissing)
                    {
                        w.Append("<td class=\"n missing\">–</td>");
                        continue;
                    }

                    var price = E(cell.UnitPrice!.Value.ToString("#,##0.00##", System.Globalization.CultureInfo.InvariantCulture) + " " + (cell.Currency ?? string.Empty));
                    w.Append("<td class=\"n t\"").Append(cell.IsLowest ? " data-lowest=\"true\"><mark>" + price + "</mark>" : ">" + price);
                    if (cell.LeadTimeDays is int days)
                    {
                        w.Append("<br><small>").Append(days).Append(" days</small>");
                    }

                    w.Append("</td>");
                }

                w.Append("</tr>\n");
            }

            w.Append("<tr class=\"total\"><th colspan=\"3\">Total of the items quoted</th>");
            foreach (var vendor in c.Vendors)
            {
                w.Append("<td class=\"n t\">").Append(E(string.Join("; ", vendor.Totals.Select(t => t.Value.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture) + " " + t.Key))))
                    .Append("<br><small>").Append(vendor.Quoted).Append(" of ").Append(c.Items.Count).Append(" items</small></td>");
            }

            w.Append("</tr>\n</tbody>\n</table>\n");
        }

        if (c.NeedsReview.Count > 0)
        {
            w.Append("<h3>Quote sheets to review</h3>\n<ul>\n");
            foreach (var quote in c.NeedsReview)
            {
                w.Append("<li><strong>").Append(E(quote.VendorName)).Append("</strong> (").Append(E(quote.FileName)).Append("): ").Append(E(string.Join("; ", quote.Problems.Take(5))))
                    .Append(quote.Problems.Count > 5 ? E($"; and {quote.Problems.Count - 5} more") : string.Empty).Append("</li>\n");
            }

            w.Append("</ul>\n");
        }

        w.Append("</section>\n");
    }

    private static string N(int value) => "<td class=\"n\">" + ReportText.Count(value) + "</td>";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
