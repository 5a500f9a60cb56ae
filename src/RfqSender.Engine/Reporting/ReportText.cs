using System.Globalization;

namespace RfqSender.Engine.Reporting;

/// <summary>How a report writes numbers, rates, times and durations: the same in every format, culture-invariant.</summary>
internal static class ReportText
{
    public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Rate(double? rate) => rate is double r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "–";

    public static string Time(DateTimeOffset? value) => value is DateTimeOffset t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : string.Empty;

    public static string Date(DateTime? value) => value is DateTime d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty;

    public static string Iso(DateTimeOffset? value) => value is DateTimeOffset t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : string.Empty;

    public static string Hours(TimeSpan? value) => value is TimeSpan d ? d.TotalHours.ToString("0.##", CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>A duration as a buyer reads it: "2 d 4 h", "3 h 12 min", "45 min", "under a minute".</summary>
    public static string Duration(TimeSpan? value)
    {
        if (value is not TimeSpan d)
        {
            return string.Empty;
        }

        if (d.TotalMinutes < 1)
        {
            return "under a minute";
        }

        if (d.TotalHours < 1)
        {
            return $"{(int)d.TotalMinutes} min";
        }

        return d.TotalDays < 1 ? $"{(int)d.TotalHours} h {d.Minutes} min" : $"{(int)d.TotalDays} d {d.Hours} h";
    }

    public static string Status(VendorStatus status) => status == VendorStatus.InDoubt ? "In doubt" : status.ToString();
}
