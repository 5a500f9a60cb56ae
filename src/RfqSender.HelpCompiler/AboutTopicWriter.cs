using System.Text;

namespace RfqSender.HelpCompiler;

/// <summary>
/// Converts an about_ topic from markdown (# about_Name, ## SHORT DESCRIPTION, ## LONG DESCRIPTION, ...)
/// to the about_Name.help.txt text that Get-Help shows: headings flush left in capitals, prose
/// wrapped at 80 columns and indented by four, code indented by eight.
/// </summary>
internal static class AboutTopicWriter
{
    private const int Width = 80;

    public static string Convert(string file, string markdown)
    {
        var outline = MarkdownOutline.Parse(markdown);
        var title = outline.Root.Subsections.FirstOrDefault(s => s.Level == 1)
            ?? throw new HelpSourceException(file, 1, "no '# about_Name' title");
        if (!title.Heading.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
        {
            throw new HelpSourceException(file, title.Line, $"the title '{title.Heading}' must start with about_");
        }

        var shortDescription = title.Subsection("SHORT DESCRIPTION");
        if (shortDescription is null || MarkdownParagraphs.From(shortDescription.Body).Count == 0)
        {
            throw new HelpSourceException(file, title.Line, $"{title.Heading} needs a non-empty '## SHORT DESCRIPTION'");
        }

        if (title.Subsection("LONG DESCRIPTION") is null)
        {
            throw new HelpSourceException(file, title.Line, $"{title.Heading} needs a '## LONG DESCRIPTION'");
        }

        var text = new StringBuilder();
        text.Append("TOPIC\n    ").Append(title.Heading).Append('\n');
        foreach (var section in title.Subsections)
        {
            WriteSection(text, section);
        }

        return text.ToString();
    }

    private static void WriteSection(StringBuilder text, MarkdownSection section)
    {
        if (text.Length < 2 || text[^1] != '\n' || text[^2] != '\n')
        {
            text.Append('\n');
        }

        text.Append(section.Level <= 2 ? section.Heading.ToUpperInvariant() : "  " + section.Heading).Append('\n');
        var paragraphs = MarkdownParagraphs.From(section.Body);
        for (var i = 0; i < paragraphs.Count; i++)
        {
            var isItem = paragraphs[i].StartsWith("- ", StringComparison.Ordinal);
            WriteParagraph(text, paragraphs[i]);
            var nextIsItem = i + 1 < paragraphs.Count && paragraphs[i + 1].StartsWith("- ", StringComparison.Ordinal);
            if (isItem && !nextIsItem)
            {
                text.Append('\n');
            }
        }

        foreach (var sub in section.Subsections)
        {
            WriteSection(text, sub);
        }
    }

    private static void WriteParagraph(StringBuilder text, string paragraph)
    {
        if (paragraph.StartsWith("    ", StringComparison.Ordinal) || paragraph.Contains('\n'))
        {
            // Code blocks (already indented by four) and tables keep their lines.
            foreach (var row in paragraph.Split('\n'))
            {
                text.Append(("    " + row).TrimEnd()).Append('\n');
            }

            text.Append('\n');
            return;
        }

        var isItem = paragraph.StartsWith("- ", StringComparison.Ordinal);
        var first = isItem ? "    - " : "    ";
        var rest = isItem ? "      " : "    ";
        var words = (isItem ? paragraph.Substring(2) : paragraph).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var line = new StringBuilder(first);
        var empty = true;
        foreach (var word in words)
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                text.Append(line).Append('\n');
                line.Clear().Append(rest);
                empty = true;
            }

            line.Append(empty ? string.Empty : " ").Append(word);
            empty = false;
        }

        text.Append(line).Append('\n');
        if (!isItem)
        {
            text.Append('\n');
        }
    }
}
