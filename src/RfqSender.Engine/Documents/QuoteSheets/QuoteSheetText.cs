using System.Globalization;
using System.Text.RegularExpressions;

namespace RfqSender.Engine.Documents.QuoteSheets;

/// <summary>
/// Reads numbers and dates from text cells (every CSV cell, and XLSX cells a vendor typed as text)
/// only where the text has one meaning whatever the writer's locale: <c>12.50</c>, <c>12,50</c>,
/// <c>1 234,50</c>, <c>1,234.50</c> and <c>1.234,50</c> are read, <c>1,250</c> and <c>1.250</c>
/// (a thousand and a quarter, or twelve hundred and fifty?) are not. Dates likewise:
/// <c>2027-03-31</c>, <c>31/03/2027</c> and <c>31.03.2027</c> are read; <c>03/04/2027</c> (March or
/// April?) is not.
/// </summary>
internal static class QuoteSheetText
{
    private static readonly Regex Plain = new(@"^(\d+)(?:([.,])(\d+))?$", RegexOptions.CultureInvariant);
    private static readonly Regex Grouped = new(@"^(\d{1,3})(?:([.,' \u00A0\u202F])\d{3})(?:\2\d{3})*(?:([.,])(\d+))?$", RegexOptions.CultureInvariant);
    private static readonly Regex IsoDate = new(@"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$", RegexOptions.CultureInvariant);
    private static readonly Regex DayMonthYear = new(@"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$", RegexOptions.CultureInvariant);

    /// <summary>A number written in text; null and why when it has no single meaning.</summary>
    public static decimal? ParseNumber(string text, out string? problem)
    {
        problem = null;
        var s = text.Trim();
        var negative = false;
        if (s.StartsWith("-", StringComparison.Ordinal) || s.StartsWith("\u2212", StringComparison.Ordinal) || s.StartsWith("+", StringComparison.Ordinal))
        {
            negative = s[0] != '+';
            s = s.Substring(1).TrimStart();
        }

        string digits;
        var plain = Plain.Match(s);
        if (plain.Success)
        {
            var integer = plain.Groups[1].Value;
            var fraction = plain.Groups[3].Value;
            if (plain.Groups[2].Success && fraction.Length == 3 && integer.Length <= 3 && integer[0] != '0')
            {
                problem = $"'{text.Trim()}' could be read as {integer}{fraction} or as {integer}.{fraction}: write it without a thousands separator and with no doubt about the decimal one (such as {integer}{fraction} or {integer}.{fraction}0), or make the cell a number";
                return null;
            }

            digits = plain.Groups[2].Success ? integer + "." + fraction : integer;
        }
        else if (Grouped.Match(s) is { Success: true } grouped && (!grouped.Groups[3].Success || grouped.Groups[3].Value != grouped.Groups[2].Value))
        {
            var group = grouped.Groups[2].Value;
            var withoutGroups = s.Replace(group, string.Empty);
            digits = grouped.Groups[3].Success ? withoutGroups.Replace(grouped.Groups[3].Value, ".") : withoutGroups;
        }
        else
        {
            problem = $"'{text.Trim()}' is not a number (digits, one decimal separator, thousands grouped by threes; no currency or unit)";
            return null;
        }

        if (!decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            problem = $"'{text.Trim()}' is too large a number";
            return null;
        }

        return negative ? -value : value;
    }

    /// <summary>A date written in text; null and why when it has no single meaning.</summary>
    public static DateTime? ParseDate(string text, out string? problem)
    {
        problem = null;
        var s = text.Trim();
        if (s.EndsWith(" 00:00:00", StringComparison.Ordinal) || s.EndsWith(" 00:00", StringComparison.Ordinal))
        {
            s = s.Substring(0, s.IndexOf(' ')).Trim();
        }

        var iso = IsoDate.Match(s);
        if (iso.Success)
        {
            var date = Date(iso.Groups[1].Value, iso.Groups[2].Value, iso.Groups[3].Value);
            problem = date is null ? $"'{text.Trim()}' is not a date of the calendar" : null;
            return date;
        }

        var dmy = DayMonthYear.Match(s);
        if (dmy.Success)
        {
            var first = dmy.Groups[1].Value;
            var second = dmy.Groups[3].Value;
            var year = dmy.Groups[4].Value;
            var dayFirst = Date(year, second, first);
            var monthFirst = Date(year, first, second);
            if (dayFirst is { } a && monthFirst is { } b && a != b)
            {
                problem = $"'{text.Trim()}' could be {a:yyyy-MM-dd} or {b:yyyy-MM-dd}: write the date as YYYY-MM-DD or make the cell a date";
                return null;
            }

            var date = dayFirst ?? monthFirst;
            problem = date is null ? $"'{text.Trim()}' is not a date of the calendar" : null;
            return date;
        }

        problem = $"'{text.Trim()}' is not a date (write it as YYYY-MM-DD, or make the cell a date)";
        return null;
    }

    private static DateTime? Date(string year, string month, string day)
    {
        var y = int.Parse(year, CultureInfo.InvariantCulture);
        var m = int.Parse(month, CultureInfo.InvariantCulture);
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        return y is >= 1 and <= 9999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m) ? new DateTime(y, m, d) : null;
    }
}
