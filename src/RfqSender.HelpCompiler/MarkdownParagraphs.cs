using System.Text;
using System.Text.RegularExpressions;

namespace RfqSender.HelpCompiler;

/// <summary>
/// Turns markdown prose into the paragraphs help shows: wrapped lines joined, each list item and
/// each code block a paragraph of its own, links written out, emphasis markers dropped.
/// </summary>
internal static class MarkdownParagraphs
{
    private static readonly Regex Link = new(@"\[([^\]]+)\]\(([^)\s]*)\)", RegexOptions.Compiled);
    private static readonly Regex ListItem = new(@"^\s*([-*+]|\d+\.)\s+", RegexOptions.Compiled);

    public static IReadOnlyList<string> From(IEnumerable<MarkdownLine> lines)
    {
        var paragraphs = new List<string>();
        var current = new List<string>();
        List<string>? code = null;
        var table = false;

        void Flush()
        {
            if (current.Count > 0)
            {
                paragraphs.Add(table ? string.Join("\n", current) : Inline(string.Join(" ", current.Select(l => l.Trim()))));
            }

            current.Clear();
            table = false;
        }

        foreach (var line in lines)
        {
            if (line.IsFence)
            {
                if (code is null)
                {
                    Flush();
                    code = new List<string>();
                }
                else
                {
                    paragraphs.Add(string.Join("\n", code.Select(c => "    " + c)).TrimEnd());
                    code = null;
                }

                continue;
            }

            if (code is not null)
            {
                code.Add(line.Text);
                continue;
            }

            if (line.IsBlank)
            {
                Flush();
                continue;
            }

            var isTableRow = line.Text.TrimStart().StartsWith("|", StringComparison.Ordinal);
            if (isTableRow)
            {
                if (!table)
                {
                    Flush();
                    table = true;
                }

                if (!Regex.IsMatch(line.Text, @"^\s*\|[\s:|-]+\|\s*$"))
                {
                    current.Add(TableRow(line.Text));
                }

                continue;
            }

            if (table || ListItem.IsMatch(line.Text))
            {
                Flush();
                current.Add(ListItem.Replace(line.Text, "- ", 1));
                continue;
            }

            current.Add(line.Text);
        }

        if (code is not null)
        {
            paragraphs.Add(string.Join("\n", code.Select(c => "    " + c)).TrimEnd());
        }

        Flush();
        return paragraphs;
    }

    /// <summary>Inline markdown as plain text: [text](address) becomes "text (address)", or just "text" for a link to another help file.</summary>
    public static string Inline(string text)
    {
        text = Link.Replace(text, m =>
        {
            var target = m.Groups[2].Value;
            return target.Length == 0 || target.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || target.StartsWith("#", StringComparison.Ordinal)
                ? m.Groups[1].Value
                : $"{m.Groups[1].Value} ({target})";
        });
        return text.Replace("**", string.Empty).Replace("\\<", "<").Replace("\\>", ">");
    }

    private static string TableRow(string row)
    {
        var cells = row.Trim().Trim('|').Split('|').Select(c => Inline(c.Trim()));
        var text = new StringBuilder();
        foreach (var cell in cells)
        {
            text.Append(text.Length == 0 ? string.Empty : " | ").Append(cell);
        }

        return text.ToString();
    }
}
