using System.Text.RegularExpressions;

namespace RfqSender.Engine.Responses;

/// <summary>
/// The new text of a reply without the history it quotes: cut at Outlook's
/// <c>From: … Sent: …</c> block (and the rule above it), <c>-----Original Message-----</c> and
/// forward separators, and the <c>On … wrote:</c> / <c>Am … schrieb …:</c> line of Gmail,
/// Thunderbird and Apple Mail; '&gt;' quoted lines removed (an answer written between quoted lines
/// is kept); the signature after <c>-- </c> removed.
/// </summary>
public static class QuotedTextStripper
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;
    private const int MaxAttributionLength = 400;

    private static readonly Regex Separator = new(
        @"^\s*(-{2,}|_{2,}|={2,})\s*(original message|ursprüngliche nachricht|original-nachricht|forwarded message|weitergeleitete nachricht|message d'origine|nachricht im original)\s*(-{2,}|_{2,}|={2,})\s*$",
        Options);

    private static readonly Regex ForwardIntro = new(@"^\s*(begin forwarded message|anfang der weitergeleiteten nachricht)\s*:\s*$", Options);
    private static readonly Regex HeaderFrom = new(@"^\s*\*?(from|von|de)\s*:\*?\s*\S", Options);
    private static readonly Regex HeaderDate = new(@"^\s*\*?(sent|gesendet|date|datum|envoyé)\s*:", Options);
    private static readonly Regex HeaderOther = new(@"^\s*\*?(to|an|subject|betreff|cc|objet|à)\s*:", Options);
    private static readonly Regex Rule = new(@"^\s*(_{10,}|-{10,})\s*$", Options);
    private static readonly Regex Attribution = new(@"^\s*(on\s.+\swrote|am\s.+\sschrieb\b.*|le\s.+\sa\s+écrit)\s*:\s*$", Options);
    private static readonly Regex AttributionStart = new(@"^\s*(on|am|le)\s", Options);
    private static readonly Regex Quoted = new(@"^\s*>", Options);
    private static readonly Regex SignatureDelimiter = new(@"^--\s?$", Options);

    /// <summary>The new text of the reply: trimmed, lines joined with <c>\n</c>; empty when there is none.</summary>
    public static string Strip(string? text)
    {
        var lines = TextLines.Split(text);
        var cut = FindCut(lines);
        var kept = new List<string>();
        for (var i = 0; i < cut; i++)
        {
            if (SignatureDelimiter.IsMatch(lines[i]))
            {
                break;
            }

            if (IsAttributionAt(lines, i, out var span))
            {
                i += span - 1;
            }
            else if (!Quoted.IsMatch(lines[i]))
            {
                kept.Add(lines[i].TrimEnd());
            }
        }

        return string.Join("\n", TextLines.CollapseBlankLines(kept)).Trim('\n', ' ', '\t');
    }

    private static int FindCut(List<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (Separator.IsMatch(lines[i]) || ForwardIntro.IsMatch(lines[i]))
            {
                return i;
            }

            if (IsOutlookHeaderBlock(lines, i))
            {
                var previous = PreviousNonBlank(lines, i);
                return previous >= 0 && Rule.IsMatch(lines[previous]) ? previous : i;
            }

            if (IsAttributionAt(lines, i, out var span) && !IsInterleaved(lines, i + span))
            {
                return i;
            }
        }

        return lines.Count;
    }

    /// <summary>A From/Von line followed within five lines by a Sent/Date line and a To/Subject line.</summary>
    private static bool IsOutlookHeaderBlock(List<string> lines, int index)
    {
        if (!HeaderFrom.IsMatch(lines[index]))
        {
            return false;
        }

        bool date = false, other = false;
        for (var j = index + 1; j < Math.Min(lines.Count, index + 6); j++)
        {
            date |= HeaderDate.IsMatch(lines[j]);
            other |= HeaderOther.IsMatch(lines[j]);
        }

        return date && other;
    }

    /// <summary>An attribution line, or one that clients wrapped onto a second line (<paramref name="span"/> says how many).</summary>
    private static bool IsAttributionAt(List<string> lines, int index, out int span)
    {
        span = 1;

        // Attribution lines are short; the length limit also keeps the backtracking pattern off long lines.
        if (lines[index].Length > MaxAttributionLength)
        {
            return false;
        }

        if (Attribution.IsMatch(lines[index]))
        {
            return true;
        }

        if (index + 1 < lines.Count && AttributionStart.IsMatch(lines[index]) && lines[index + 1].Trim().Length > 0
            && lines[index + 1].Length <= MaxAttributionLength
            && Attribution.IsMatch(lines[index].TrimEnd() + " " + lines[index + 1].Trim()))
        {
            span = 2;
            return true;
        }

        return false;
    }

    /// <summary>True when, after the quoted lines that follow an attribution, the writer answers again (an inline reply).</summary>
    private static bool IsInterleaved(List<string> lines, int start)
    {
        var sawQuote = false;
        for (var i = start; i < lines.Count; i++)
        {
            if (SignatureDelimiter.IsMatch(lines[i]))
            {
                return false;
            }

            if (Quoted.IsMatch(lines[i]))
            {
                sawQuote = true;
            }
            else if (lines[i].Trim().Length > 0)
            {
                if (!sawQuote || IsOutlookHeaderBlock(lines, i) || Separator.IsMatch(lines[i]))
                {
                    return false;
                }

                return true;
            }
        }

        return false;
    }

    private static int PreviousNonBlank(List<string> lines, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (lines[i].Trim().Length > 0)
            {
                return i;
            }
        }

        return -1;
    }
}
