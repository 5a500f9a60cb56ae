using System.Globalization;

namespace RfqSender.Engine.Messages;

/// <summary>Formats the RFC 5322 <c>Date</c> header, e.g. <c>Tue, 03 Mar 2026 14:05:09 +0100</c>.</summary>
public static class Rfc5322Date
{
    /// <summary>Formats a date with its numeric UTC offset, independent of the current culture.</summary>
    public static string Format(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var absolute = offset.Duration();
        return date.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture)
            + " " + sign + absolute.Hours.ToString("00", CultureInfo.InvariantCulture)
            + absolute.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }
}
