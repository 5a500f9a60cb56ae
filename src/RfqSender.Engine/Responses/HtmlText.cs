using System.Text;
using MimeKit.Text;

namespace RfqSender.Engine.Responses;

/// <summary>
/// The text of an HTML body, for messages that have no text/plain part: block elements become line
/// breaks, blockquotes become '&gt;' quoted lines and a rule becomes the line Outlook puts above a
/// quoted reply, so that <see cref="QuotedTextStripper"/> reads it like a plain body.
/// </summary>
internal static class HtmlText
{
    internal const string RuleLine = "________________________________";

    private static readonly HashSet<HtmlTagId> Blocks = new()
    {
        HtmlTagId.P, HtmlTagId.Div, HtmlTagId.Table, HtmlTagId.TR, HtmlTagId.LI, HtmlTagId.UL, HtmlTagId.OL,
        HtmlTagId.H1, HtmlTagId.H2, HtmlTagId.H3, HtmlTagId.H4, HtmlTagId.H5, HtmlTagId.H6, HtmlTagId.Pre,
        HtmlTagId.BlockQuote, HtmlTagId.Address, HtmlTagId.Center, HtmlTagId.DL, HtmlTagId.DT, HtmlTagId.DD,
    };

    private static readonly HashSet<HtmlTagId> Hidden = new()
    {
        HtmlTagId.Head, HtmlTagId.Style, HtmlTagId.Script, HtmlTagId.Title,
    };

    public static string ToText(string html)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var quoteDepth = 0;
        var lineDepth = 0;
        var hidden = 0;
        var pre = 0;

        void EndLine(bool keepEmpty)
        {
            var text = line.ToString().TrimEnd();
            if (text.Length > 0 || keepEmpty)
            {
                lines.Add(text.Length == 0 && lineDepth == 0 ? string.Empty : new string('>', lineDepth) + (lineDepth > 0 ? " " : string.Empty) + text.TrimStart());
            }

            line.Clear();
            lineDepth = quoteDepth;
        }

        var tokenizer = new HtmlTokenizer(new StringReader(html ?? string.Empty));
        while (tokenizer.ReadNextToken(out var token))
        {
            if (token is HtmlTagToken tag)
            {
                if (Hidden.Contains(tag.Id))
                {
                    hidden = tag.IsEndTag ? Math.Max(0, hidden - 1) : tag.IsEmptyElement ? hidden : hidden + 1;
                    continue;
                }

                if (tag.Id == HtmlTagId.Br)
                {
                    EndLine(keepEmpty: true);
                }
                else if (tag.Id == HtmlTagId.HR)
                {
                    EndLine(keepEmpty: false);
                    lines.Add(RuleLine);
                }
                else if (Blocks.Contains(tag.Id))
                {
                    EndLine(keepEmpty: false);
                    if (tag.Id == HtmlTagId.BlockQuote)
                    {
                        quoteDepth = tag.IsEndTag ? Math.Max(0, quoteDepth - 1) : quoteDepth + 1;
                        lineDepth = quoteDepth;
                    }
                    else if (tag.Id == HtmlTagId.Pre)
                    {
                        pre = tag.IsEndTag ? Math.Max(0, pre - 1) : pre + 1;
                    }
                    else if (tag.Id == HtmlTagId.P && tag.IsEndTag && quoteDepth == 0)
                    {
                        lines.Add(string.Empty);
                    }
                }
                else if (tag.Id is HtmlTagId.TD or HtmlTagId.TH && !tag.IsEndTag && line.Length > 0)
                {
                    line.Append('\t');
                }
            }
            else if (token is HtmlDataToken data && hidden == 0 && token.Kind == HtmlTokenKind.Data)
            {
                AppendData(line, data.Data, pre > 0, EndLine);
            }
        }

        EndLine(keepEmpty: false);
        return string.Join("\n", TextLines.CollapseBlankLines(lines)).Trim('\n');
    }

    private static void AppendData(StringBuilder line, string data, bool preformatted, Action<bool> endLine)
    {
        foreach (var c in data)
        {
            if (preformatted && c == '\n')
            {
                endLine(true);
            }
            else if (char.IsWhiteSpace(c) && !preformatted)
            {
                if (line.Length > 0 && line[line.Length - 1] != ' ')
                {
                    line.Append(' ');
                }
            }
            else if (c != '\r')
            {
                line.Append(c == '\u00A0' ? ' ' : c);
            }
        }
    }
}
