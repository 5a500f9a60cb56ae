using System.Globalization;
using System.Text.RegularExpressions;

namespace RfqSender.Engine.Responses;

/// <summary>
/// Reads the date an out-of-office text says its writer is away until or back on, in English and
/// German phrasing ("until 14 December", "back on 2026-12-14", "bis zum 14.12.2026", "ab dem
/// 15.12. wieder im Büro"). Only a date that follows such words is read; a date without a year is
/// placed on or after the message's date (and not read at all without one); a slashed date is read
/// only when day and month cannot be swapped. Nothing is ever guessed.
/// </summary>
internal static class OutOfOfficeDateReader
{
    private const int MaxTextLength = 4000;

    private static readonly Dictionary<string, int> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        ["january"] = 1, ["jan"] = 1, ["januar"] = 1, ["jänner"] = 1,
        ["february"] = 2, ["feb"] = 2, ["februar"] = 2,
        ["march"] = 3, ["mar"] = 3, ["märz"] = 3, ["maerz"] = 3, ["mär"] = 3, ["mrz"] = 3,
        ["april"] = 4, ["apr"] = 4,
        ["may"] = 5, ["mai"] = 5,
        ["june"] = 6, ["jun"] = 6, ["juni"] = 6,
        ["july"] = 7, ["jul"] = 7, ["juli"] = 7,
        ["august"] = 8, ["aug"] = 8,
        ["september"] = 9, ["sep"] = 9, ["sept"] = 9,
        ["october"] = 10, ["oct"] = 10, ["oktober"] = 10, ["okt"] = 10,
        ["november"] = 11, ["nov"] = 11,
        ["december"] = 12, ["dec"] = 12, ["dezember"] = 12, ["dez"] = 12,
    };

    private const string MonthNames = "january|february|march|april|may|june|july|august|september|october|november|december|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec|januar|jänner|februar|märz|maerz|mär|mrz|mai|juni|juli|oktober|okt|dezember|dez";

    private const string Weekdays = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|mo|di|mi|do|fr|sa|so";

    private const string DatePattern =
        @"(?:(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})\b"
        + @"|(?<d>\d{1,2})\.\s?(?<m>\d{1,2})\.(?:\s?(?<y>\d{4}|\d{2})\b)?"
        + @"|(?<d>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?(?<mn>" + MonthNames + @")\b\.?(?:,?\s+(?<y>\d{4})\b)?"
        + @"|(?<mn>" + MonthNames + @")\b\.?\s+(?<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?<y>\d{4})\b)?"
        + @"|(?<a>\d{1,2})/(?<b>\d{1,2})(?:/(?<y>\d{4}|\d{2}))?\b)";

    private const string WeekdayPrefix = @"(?:(?:" + Weekdays + @")\b\.?,?\s+(?:the\s+|den\s+|dem\s+)?)?";

    private const string Filler = @"(?:[\s,]+(?:(?:in|to|at)\s+(?:the\s+)?(?:office|work)|again|wieder|einschließlich|einschl\.|inklusive|inkl\.|zum|zur|dem|den|am|ab|on|from|the|im\s+büro|available|erreichbar))*";

    private static readonly Regex Before = new(
        @"\b(?:until|till|through|thru|back|return|returning|bis|wieder)\b" + Filler + @"[\s,]+" + WeekdayPrefix + DatePattern,
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex After = new(
        @"\b(?:ab|am|from|on)\s+(?:dem\s+|den\s+|the\s+)?" + WeekdayPrefix + DatePattern + @"(?:\s+[^\s.]+){0,3}?\s+(?:wieder|again|back)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>The first date the text states (its earliest such phrase); false when it states none that can be read.</summary>
    public static bool TryRead(string? text, DateTimeOffset? messageDate, out DateTime date)
    {
        date = default;

        // An out-of-office notice states its date near the top; a bounded read keeps long texts cheap.
        var head = text is null ? string.Empty : text.Length > MaxTextLength ? text.Substring(0, MaxTextLength) : text;
        var candidates = Before.Matches(head).Cast<Match>()
            .Concat(After.Matches(head).Cast<Match>())
            .OrderBy(m => m.Index);
        foreach (var match in candidates)
        {
            if (TryDate(match, messageDate, out date))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryDate(Match match, DateTimeOffset? messageDate, out DateTime date)
    {
        date = default;
        int day, month;
        if (match.Groups["a"].Success)
        {
            var a = Number(match.Groups["a"].Value);
            var b = Number(match.Groups["b"].Value);
            if (a > 12 && b <= 12)
            {
                (day, month) = (a, b);
            }
            else if (b > 12 && a <= 12)
            {
                (day, month) = (b, a);
            }
            else if (a == b)
            {
                (day, month) = (a, a);
            }
            else
            {
                return false;
            }
        }
        else
        {
            day = Number(match.Groups["d"].Value);
            month = match.Groups["mn"].Success ? Months[match.Groups["mn"].Value] : Number(match.Groups["m"].Value);
        }

        if (month < 1 || month > 12 || day < 1)
        {
            return false;
        }

        int year;
        if (match.Groups["y"].Success)
        {
            year = Number(match.Groups["y"].Value);
            year = year < 100 ? 2000 + year : year;
        }
        else if (messageDate is { } sent)
        {
            year = sent.Year;
            if (day <= DateTime.DaysInMonth(year, month) && new DateTime(year, month, day) < sent.Date)
            {
                year++;
            }
        }
        else
        {
            return false;
        }

        if (year < 1900 || year > 9998 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        if (messageDate is { } reference && (year < reference.Year - 1 || year > reference.Year + 2))
        {
            return false;
        }

        date = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
        return true;
    }

    private static int Number(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
}
