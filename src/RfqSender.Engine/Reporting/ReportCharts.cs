using System.Globalization;
using System.Net;
using System.Text;

namespace RfqSender.Engine.Reporting;

/// <summary>
/// The report's charts as inline SVG: drawn here, so the page needs no script, no library and no server,
/// and prints as it shows. Every chart has a title for screen readers and a table of its figures beside it.
/// </summary>
public static class ReportCharts
{
    /// <summary>The colour of each status in every chart and legend.</summary>
    public static readonly IReadOnlyDictionary<VendorStatus, string> Colours = new Dictionary<VendorStatus, string>
    {
        [VendorStatus.Answered] = "#2e7d32",
        [VendorStatus.Silent] = "#9e9e9e",
        [VendorStatus.Away] = "#f9a825",
        [VendorStatus.Bounced] = "#c62828",
        [VendorStatus.Failed] = "#6d0f0f",
        [VendorStatus.InDoubt] = "#6a1b9a",
        [VendorStatus.Pending] = "#1565c0",
        [VendorStatus.Skipped] = "#cfd8dc",
    };

    private const string SentColour = "#546e7a";

    /// <summary>One bar of the vendors by status, with its legend below.</summary>
    public static string StatusBar(ReportCategory totals)
    {
        const int width = 760, barHeight = 28;
        var parts = new (VendorStatus Status, int Count)[]
        {
            (VendorStatus.Answered, totals.Answered), (VendorStatus.Silent, totals.Silent), (VendorStatus.Away, totals.Away),
            (VendorStatus.Bounced, totals.Bounced), (VendorStatus.Failed, totals.Failed), (VendorStatus.InDoubt, totals.InDoubt),
            (VendorStatus.Pending, totals.Pending), (VendorStatus.Skipped, totals.Skipped),
        };
        var sb = new StringBuilder();
        sb.Append(Inv($"<svg class=\"chart\" role=\"img\" aria-labelledby=\"status-title\" viewBox=\"0 0 {width} 70\" width=\"{width}\" height=\"70\" xmlns=\"http://www.w3.org/2000/svg\">"));
        sb.Append("<title id=\"status-title\">Vendors by status</title>");
        if (totals.Vendors == 0)
        {
            sb.Append(Inv($"<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{barHeight}\" fill=\"#eceff1\"/>"));
        }

        double x = 0;
        foreach (var (status, count) in parts.Where(p => p.Count > 0))
        {
            var w = (double)width * count / totals.Vendors;
            sb.Append(Inv($"<rect x=\"{x:0.##}\" y=\"0\" width=\"{w:0.##}\" height=\"{barHeight}\" fill=\"{Colours[status]}\"><title>{ReportText.Status(status)}: {ReportText.Count(count)}</title></rect>"));
            x += w;
        }

        double lx = 0;
        foreach (var (status, count) in parts)
        {
            sb.Append(Inv($"<rect x=\"{lx:0.#}\" y=\"44\" width=\"12\" height=\"12\" fill=\"{Colours[status]}\"/>"));
            sb.Append(Inv($"<text x=\"{lx + 16:0.#}\" y=\"55\" font-size=\"12\">{ReportText.Status(status)} {ReportText.Count(count)}</text>"));
            lx += 95;
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>Vendors sent to and vendors answered, added up day by day, with each day's answers as bars.</summary>
    public static string Timeline(IReadOnlyList<ReportDay> days)
    {
        const int width = 760, height = 280, left = 56, right = 16, top = 16, bottom = 56;
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        var max = Math.Max(1, days.Count == 0 ? 1 : days.Max(d => Math.Max(d.SentSoFar, d.AnsweredSoFar)));
        var scale = NiceCeiling(max);
        double X(int i) => left + (days.Count <= 1 ? plotWidth / 2.0 : (double)plotWidth * i / (days.Count - 1));
        double Y(int value) => top + plotHeight - (double)plotHeight * value / scale;

        var sb = new StringBuilder();
        sb.Append(Inv($"<svg class=\"chart\" role=\"img\" aria-labelledby=\"timeline-title\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">"));
        sb.Append("<title id=\"timeline-title\">Vendors sent to and answered, day by day</title>");
        for (var i = 0; i <= 4; i++)
        {
            var value = scale * i / 4;
            var y = Y(value);
            sb.Append(Inv($"<line x1=\"{left}\" y1=\"{y:0.##}\" x2=\"{width - right}\" y2=\"{y:0.##}\" stroke=\"#e0e0e0\"/>"));
            sb.Append(Inv($"<text x=\"{left - 6}\" y=\"{y + 4:0.##}\" font-size=\"11\" text-anchor=\"end\">{ReportText.Count(value)}</text>"));
        }

        if (days.Count > 0)
        {
            var barWidth = Math.Max(1.0, Math.Min(24.0, (double)plotWidth / days.Count * 0.6));
            for (var i = 0; i < days.Count; i++)
            {
                if (days[i].Answered > 0)
                {
                    var y = Y(days[i].Answered);
                    sb.Append(Inv($"<rect x=\"{X(i) - barWidth / 2:0.##}\" y=\"{y:0.##}\" width=\"{barWidth:0.##}\" height=\"{top + plotHeight - y:0.##}\" fill=\"{Colours[VendorStatus.Answered]}\" fill-opacity=\"0.35\"><title>{ReportText.Date(days[i].Date)}: {ReportText.Count(days[i].Answered)} answered</title></rect>"));
                }
            }

            sb.Append(Line(days.Select((d, i) => (X(i), Y(d.SentSoFar))), SentColour, "Sent so far"));
            sb.Append(Line(days.Select((d, i) => (X(i), Y(d.AnsweredSoFar))), Colours[VendorStatus.Answered], "Answered so far"));
            if (days.Count <= 62)
            {
                // A line of one point draws nothing: each day is also a dot, so a campaign of one day shows its figures.
                for (var i = 0; i < days.Count; i++)
                {
                    sb.Append(Inv($"<circle cx=\"{X(i):0.##}\" cy=\"{Y(days[i].SentSoFar):0.##}\" r=\"4\" fill=\"{SentColour}\"><title>{ReportText.Date(days[i].Date)}: {ReportText.Count(days[i].SentSoFar)} sent so far</title></circle>"));
                    sb.Append(Inv($"<circle cx=\"{X(i):0.##}\" cy=\"{Y(days[i].AnsweredSoFar):0.##}\" r=\"4\" fill=\"{Colours[VendorStatus.Answered]}\"><title>{ReportText.Date(days[i].Date)}: {ReportText.Count(days[i].AnsweredSoFar)} answered so far</title></circle>"));
                }
            }
            var labels = days.Count == 1 ? new[] { 0 } : new[] { 0, days.Count / 2, days.Count - 1 }.Distinct().ToArray();
            foreach (var i in labels)
            {
                var anchor = days.Count == 1 ? "middle" : i == 0 ? "start" : i == days.Count - 1 ? "end" : "middle";
                sb.Append(Inv($"<text x=\"{X(i):0.##}\" y=\"{top + plotHeight + 18}\" font-size=\"11\" text-anchor=\"{anchor}\">{ReportText.Date(days[i].Date)}</text>"));
            }
        }

        sb.Append(Inv($"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{width - right}\" y2=\"{top + plotHeight}\" stroke=\"#616161\"/>"));
        var legendY = height - 12;
        sb.Append(Inv($"<rect x=\"{left}\" y=\"{legendY - 9}\" width=\"18\" height=\"3\" fill=\"{SentColour}\"/><text x=\"{left + 24}\" y=\"{legendY}\" font-size=\"12\">Sent so far</text>"));
        sb.Append(Inv($"<rect x=\"{left + 130}\" y=\"{legendY - 9}\" width=\"18\" height=\"3\" fill=\"{Colours[VendorStatus.Answered]}\"/><text x=\"{left + 154}\" y=\"{legendY}\" font-size=\"12\">Answered so far</text>"));
        sb.Append(Inv($"<rect x=\"{left + 290}\" y=\"{legendY - 11}\" width=\"12\" height=\"12\" fill=\"{Colours[VendorStatus.Answered]}\" fill-opacity=\"0.35\"/><text x=\"{left + 308}\" y=\"{legendY}\" font-size=\"12\">Answers that day</text>"));
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string Inv(FormattableString text) => FormattableString.Invariant(text);

    private static string Line(IEnumerable<(double X, double Y)> points, string colour, string title) =>
        $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\" points=\"{string.Join(" ", points.Select(p => p.X.ToString("0.##", CultureInfo.InvariantCulture) + "," + p.Y.ToString("0.##", CultureInfo.InvariantCulture)))}\"><title>{WebUtility.HtmlEncode(title)}</title></polyline>";

    /// <summary>The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least <paramref name="value"/>, for axis ticks in fourths.</summary>
    private static int NiceCeiling(int value)
    {
        var power = 1;
        while (true)
        {
            foreach (var step in new[] { 4, 8, 10, 20 })
            {
                if (step * power >= value)
                {
                    return step * power;
                }
            }

            power *= 10;
        }
    }
}
