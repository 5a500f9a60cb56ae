using System.Text;

namespace RfqSender.Engine.Vendors;

/// <summary>
/// Splits a cell holding several mailboxes (<c>a@x.de; Berg, Anna &lt;anna@x.de&gt;, c@x.de</c>)
/// into one text per mailbox.
/// </summary>
internal static class AddressListSplitter
{
    /// <summary>
    /// Splits on <c>;</c> and <c>,</c> outside quotes and angle brackets; a piece without <c>@</c>
    /// is a display name cut at its comma (<c>Berg, Anna &lt;...&gt;</c>) and is joined to the next piece.
    /// </summary>
    public static IReadOnlyList<string> Split(string? cell)
    {
        var result = new List<string>();
        if (string.IsNullOrWhiteSpace(cell))
        {
            return result;
        }

        var pending = new StringBuilder();
        foreach (var group in SplitOutside(cell!, ';'))
        {
            pending.Clear();
            foreach (var piece in SplitOutside(group, ','))
            {
                if (IsBlank(pending))
                {
                    pending.Clear();
                }
                else
                {
                    pending.Append(',');
                }

                pending.Append(piece);
                if (piece.IndexOf('@') >= 0)
                {
                    AddIfNotBlank(result, pending.ToString());
                    pending.Clear();
                }
            }

            AddIfNotBlank(result, pending.ToString());
        }

        return result;
    }

    private static bool IsBlank(StringBuilder text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static void AddIfNotBlank(List<string> result, string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0)
        {
            result.Add(trimmed);
        }
    }

    private static IEnumerable<string> SplitOutside(string text, char separator)
    {
        var start = 0;
        var inQuotes = false;
        var angleDepth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && inQuotes)
            {
                i++;
            }
            else if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && c == '<')
            {
                angleDepth++;
            }
            else if (!inQuotes && c == '>' && angleDepth > 0)
            {
                angleDepth--;
            }
            else if (!inQuotes && angleDepth == 0 && c == separator)
            {
                yield return text.Substring(start, i - start);
                start = i + 1;
            }
        }

        yield return text.Substring(start);
    }
}
