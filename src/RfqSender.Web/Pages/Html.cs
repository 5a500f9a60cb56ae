using System.Globalization;
using System.Text.Encodings.Web;

namespace RfqSender.Web.Pages;

/// <summary>Encoding for the pages: every text from the store, a vendor or a user goes through here.</summary>
public static class Html
{
    /// <summary>The text encoded for an element or an attribute value.</summary>
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    /// <summary>The text encoded as one path segment of a URL, then for HTML.</summary>
    public static string Segment(string? text) => E(Uri.EscapeDataString(text ?? string.Empty));

    /// <summary>A count with thousands separators.</summary>
    public static string Count(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A time in UTC, to the minute; empty for none.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>A time in UTC, to the second.</summary>
    public static string Seconds(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>A ratio as a percentage with one decimal; a dash for none.</summary>
    public static string Percent(double? ratio) =>
        ratio is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "–";

    /// <summary>A duration in days and hours, hours and minutes, or minutes; a dash for none.</summary>
    public static string Duration(TimeSpan? span) => span switch
    {
        null => "–",
        { TotalDays: >= 1 } d => $"{(int)d.TotalDays} d {d.Hours} h",
        { TotalHours: >= 1 } h => $"{(int)h.TotalHours} h {h.Minutes} min",
        { } m => $"{Math.Max(0, (int)m.TotalMinutes)} min",
    };
}
